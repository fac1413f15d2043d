/** Translates ioredis' replies and errors into core's RawReply and error classes. */
import { describeFailure, type Endpoint, type RawReply, ReplyError, TransportError } from "@beeredis/core";
import { LostReplyError } from "./lost-reply.js";
import { poolLabel } from "./pool-label.js";
import { isSentinelAnswer, SENTINEL_SERVER } from "./sentinel-answer.js";

/**
 * ioredis runs with `stringNumbers` and Buffer replies, so an integer arrives as a JS string and every string
 * reply as a Buffer. Integers become numbers, or bigints beyond ±(2^53−1); Buffers become plain Uint8Array views.
 */
export function toRawReply(reply: unknown): RawReply {
  if (reply === null || reply === undefined) return null;
  if (reply instanceof Uint8Array) return new Uint8Array(reply.buffer, reply.byteOffset, reply.byteLength);
  if (typeof reply === "string") return toInteger(reply);
  if (typeof reply === "number") return reply;
  if (Array.isArray(reply)) {
    // ioredis hands each reply array to us alone: converting in place saves a copy per array.
    for (let i = 0; i < reply.length; i++) reply[i] = toRawReply(reply[i]);
    return reply as RawReply[];
  }
  if (reply instanceof Error) return toReplyError(reply);
  throw new TransportError(`Unexpected reply type: ${typeof reply}.`);
}

function toInteger(text: string): number | bigint {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : BigInt(text);
}

/** An ioredis error reply as core's `ReplyError`, without the arguments ioredis attaches (see below). */
export function toReplyError(error: Error): ReplyError {
  return new ReplyError(error.message, { cause: withoutArguments(error) });
}

/**
 * ioredis attaches the failed command's arguments to its errors (`command.args`, also on a cluster's
 * `lastNodeError`). For the AUTH it sends on connect they are the password, which `console.log(error)` would print
 * through the `cause` chain: they are dropped.
 */
export function withoutArguments(error: unknown, depth = 0): unknown {
  if (typeof error !== "object" || error === null || depth > 8) return error; // the depth bounds a cause cycle
  const fields = error as { command?: unknown; lastNodeError?: unknown; cause?: unknown };
  delete fields.command;
  withoutArguments(fields.lastNodeError, depth + 1);
  withoutArguments(fields.cause, depth + 1);
  return error;
}

/** The message of a command timeout: ioredis' (`commandTimeout`, the error has no code), and the guard's too. */
export const COMMAND_TIMED_OUT = "Command timed out";

/** True for a command that got no reply within its timeout (see {@link COMMAND_TIMED_OUT}). */
export function isCommandTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === COMMAND_TIMED_OUT;
}

/**
 * An error reply from the server becomes `ReplyError`; anything else (timeout, closed socket) a `TransportError`
 * naming the pool, its address and the cause in plain words: the connection's last error when there is one
 * (a lost connection alone hides a TLS or DNS cause). Such a command was written, so its outcome is unknown.
 */
export function toError(
  error: unknown,
  endpoint: Endpoint,
  connectionError?: Error,
): ReplyError | TransportError {
  if (error instanceof ReplyError || error instanceof TransportError) return error;
  if (error instanceof Error && error.name === "ReplyError") {
    // Only where the server's own refusal is possible: a pool that logs in never meets NOAUTH (a refused AUTH drops
    // its connection), and a cluster pool follows MOVED itself. A script's error reply is its own, whatever its text
    // (the gateway runs its clients' scripts on pools that log in).
    const refusedLogin = endpoint.password === undefined ? firstRefusal(error, "NOAUTH") : undefined;
    if (refusedLogin) return notLoggedIn(refusedLogin, endpoint);
    const moved = endpoint.address.kind === "cluster" ? undefined : firstRefusal(error, "MOVED");
    if (moved && !answeredScript(moved)) return clusterNode(moved, endpoint);
    const sentinel = endpoint.address.kind === "cluster" ? undefined : firstRefusal(error, "ERR");
    if (sentinel && isSentinelAnswer(sentinel) && !answeredScript(sentinel))
      return sentinelServer(sentinel, endpoint);
    return toReplyError(error);
  }
  const timedOut = isCommandTimeout(error);
  const lost = error instanceof LostReplyError;
  // The connection's error explains a command failed for want of a connection: it is the reason and the cause.
  const source = timedOut ? error : (connectionError ?? error);
  const known = describeFailure(source);
  const reason = timedOut ? `timed out after ${endpoint.commandTimeoutMs} ms` : known.reason;
  const hint = !timedOut && known.hint ? ` ${known.hint}` : "";
  return new TransportError(`${poolLabel(endpoint)}: ${reason}.${hint} The command's outcome is unknown.`, {
    cause: withoutArguments(source),
    timedOut,
    unreachable: !timedOut && !lost && known.unreachable,
    reason,
  });
}

/**
 * The error reply with code `code` behind `error`: the error itself, or for a transaction's EXECABORT the first of
 * the refusals that aborted it (ioredis lists the transaction's earlier errors in `previousErrors`).
 */
function firstRefusal(error: Error, code: string): Error | undefined {
  const first = (error as { previousErrors?: unknown[] }).previousErrors?.[0] ?? error;
  return first instanceof Error && first.message.startsWith(`${code} `) ? first : undefined;
}

/** The error answered a script or function call (ioredis names the command), which may reply any text it likes. */
function answeredScript(error: Error): boolean {
  const name = (error as { command?: { name?: unknown } }).command?.name;
  return typeof name === "string" && /^(eval|fcall)/i.test(name);
}

/**
 * NOAUTH: the server wants a login the pool did not give (no password in a database-0 pool, where no SELECT on
 * connect would have been refused first). Not the command's own error: like a refused AUTH or SELECT
 * (pin-refusal.ts), it names the pool, its address and what to check, whichever command met it first.
 */
function notLoggedIn(error: Error, endpoint: Endpoint): TransportError {
  const known = describeFailure(error);
  const reason = `${known.reason} (${error.message})`;
  return new TransportError(`${poolLabel(endpoint)}: ${reason}. ${known.hint ?? ""} Redis ran nothing.`, {
    cause: toReplyError(error),
    reason,
  });
}

/** A Sentinel's "unknown command" on a pool registered with registerRedis(): its address is a Sentinel. */
function sentinelServer(error: Error, endpoint: Endpoint): TransportError {
  const { reason, hint } = SENTINEL_SERVER;
  return new TransportError(`${poolLabel(endpoint)}: ${reason}. ${hint} Redis ran nothing.`, {
    cause: toReplyError(error),
    reason,
  });
}

/** MOVED on a pool registered with registerRedis(): its address is a node of a Redis Cluster. */
function clusterNode(error: Error, endpoint: Endpoint): TransportError {
  const reason = `the server is a Redis Cluster node (${error.message})`;
  return new TransportError(
    `${poolLabel(endpoint)}: ${reason}. Register the cluster with registerRedisCluster(), not registerRedis(). Redis ran nothing.`,
    { cause: toReplyError(error), reason },
  );
}
