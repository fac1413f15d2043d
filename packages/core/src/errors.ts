/** @module Errors: every rejection beeredis produces is one of these classes. */

const BRAND = Symbol.for("beeredis.error");

/** Stable machine-readable codes, one per error class. */
export type BeeRedisErrorCode =
  | "CONFIG"
  | "UNKNOWN_POOL"
  | "FORBIDDEN_COMMAND"
  | "INVALID_ARGUMENT"
  | "REPLY_ERROR"
  | "TRANSPORT"
  | "UNSUPPORTED"
  | "LOCK_LOST"
  | "LOCK_TIMEOUT"
  | "RATE_LIMIT_TIMEOUT"
  | "WATCH_CONFLICT";

/** Base class of every beeredis error. Check with {@link isBeeRedisError} across duplicate installs. */
export abstract class BeeRedisError extends Error {
  abstract readonly code: BeeRedisErrorCode;
  /** @internal */
  readonly [BRAND] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** True for any beeredis error, even one thrown by another copy of the package. */
export function isBeeRedisError(value: unknown): value is BeeRedisError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** The registry's configuration is wrong: duplicate pool, bad address, database out of range, no transport. */
export class ConfigError extends BeeRedisError {
  readonly code = "CONFIG" as const;
}

/** `engine.getRedis(code)` was asked for a pool that was never registered. */
export class UnknownPoolError extends BeeRedisError {
  readonly code = "UNKNOWN_POOL" as const;
  constructor(
    readonly pool: string,
    registered: readonly string[],
  ) {
    super(
      `Unknown Redis pool "${pool}". Registered pools: ${registered.map((c) => `"${c}"`).join(", ") || "none"}.`,
    );
  }
}

/** A command that would change the state of a shared connection (SELECT, QUIT, ...). Nothing was sent. */
export class ForbiddenCommandError extends BeeRedisError {
  readonly code = "FORBIDDEN_COMMAND" as const;
  constructor(
    readonly command: string,
    reason: string,
  ) {
    super(`${command} is not allowed: ${reason} Nothing was sent.`);
  }
}

/** An argument was rejected before anything was sent. */
export class InvalidArgumentError extends BeeRedisError {
  readonly code = "INVALID_ARGUMENT" as const;
}

/** The server answered with an error reply. */
export class ReplyError extends BeeRedisError {
  readonly code = "REPLY_ERROR" as const;
  /**
   * The error code: the message's first word when it is all upper case, such as `WRONGTYPE` or `NOSCRIPT`; `""`
   * for an error without one (a script's `redis.error_reply("My error here")`).
   */
  readonly prefix: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.prefix = /^[A-Z][A-Z_-]*(?=\s|$)/.exec(message)?.[0] ?? "";
  }
}

/**
 * True for a server's error reply (`ReplyError`), even one thrown by another copy of the package; with `prefix`,
 * only for a reply with that error code.
 * @example if (isReplyError(error, "NOSCRIPT")) await pool.scriptLoad(lua);
 */
export function isReplyError(value: unknown, prefix?: string): value is ReplyError {
  if (!isBeeRedisError(value) || value.code !== "REPLY_ERROR") return false;
  return prefix === undefined || (value as ReplyError).prefix === prefix;
}

/** Options of a {@link TransportError}. */
export interface TransportErrorOptions {
  readonly cause?: unknown;
  /** No reply came within the time allowed. */
  readonly timedOut?: boolean;
  /** The server could not be reached. */
  readonly unreachable?: boolean;
  /** Whether the command may have left this client. @default true */
  readonly sent?: boolean;
  /** The cause in plain words. @default the message */
  readonly reason?: string;
}

/**
 * The connection failed, timed out or answered with an unexpected HTTP status. Unless `sent` is false, the outcome
 * of a write is unknown.
 */
export class TransportError extends BeeRedisError {
  readonly code = "TRANSPORT" as const;
  /**
   * True when no reply came within the time allowed (a command timeout, an HTTP request timeout): the command may
   * have reached the server, and may still run. False for every other failure (refused or lost connection, ...).
   */
  readonly timedOut: boolean;
  /**
   * True when the server is out of reach (connection refused or reset, DNS failure, repeated timeouts, an HTTP 5xx
   * or network failure). The pool then rejects at once, without sending, until a background probe sees it back.
   */
  readonly unreachable: boolean;
  /**
   * False when the command surely never left this client, so it did not run and may be retried safely. True when
   * it may have reached the server: its outcome is unknown.
   */
  readonly sent: boolean;
  /** The cause in plain words, such as `"connection refused"` or `"timed out after 500 ms"`. */
  readonly reason: string;
  constructor(message: string, options?: TransportErrorOptions) {
    super(message, options);
    this.timedOut = options?.timedOut ?? false;
    this.unreachable = options?.unreachable ?? false;
    this.sent = options?.sent ?? true;
    this.reason = options?.reason ?? message;
  }
}

/** The transport cannot carry this feature; the message says which transport can. */
export class UnsupportedError extends BeeRedisError {
  readonly code = "UNSUPPORTED" as const;
}

/** A held lock expired or was taken by another holder. */
export class LockLostError extends BeeRedisError {
  readonly code = "LOCK_LOST" as const;
}

/** `pool.watch()` gave up: a watched key changed before every one of its attempts could commit. Nothing was written. */
export class WatchConflictError extends BeeRedisError {
  readonly code = "WATCH_CONFLICT" as const;
}

/** `locker.withLock()` could not obtain the lock within its wait timeout, so the function never ran. */
export class LockTimeoutError extends BeeRedisError {
  readonly code = "LOCK_TIMEOUT" as const;
}

/** `limiter.waitFor()` gave up: no slot came free within its timeout. Nothing was consumed. */
export class RateLimitTimeoutError extends BeeRedisError {
  readonly code = "RATE_LIMIT_TIMEOUT" as const;
}
