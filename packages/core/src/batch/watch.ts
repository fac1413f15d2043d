/**
 * @module `pool.watch(keys, fn)`: optimistic transactions with WATCH/MULTI/EXEC on a dedicated connection,
 * retried when a watched key changed.
 */
import { keyList, optionsObject } from "../commands/args.js";
import { command, describe, type Key } from "../commands/command.js";
import { asText } from "../commands/decode.js";
import {
  InvalidArgumentError,
  isReplyError,
  TransportError,
  UnsupportedError,
  WatchConflictError,
} from "../errors.js";
import { now, timed } from "../observe/hooks.js";
import type { PoolRuntime } from "../registry/pool-runtime.js";
import type { DedicatedConnection, WireArg } from "../transport.js";
import { decodeEntry } from "./recording.js";
import { WatchMulti, WatchTransaction } from "./watch-transaction.js";

/** Options of `pool.watch()`. */
export interface WatchOptions {
  /**
   * How many times `fn` may run. When a watched key changed during every attempt, `pool.watch()` rejects with
   * `WatchConflictError` and nothing is written.
   * @default 10
   */
  maxAttempts?: number;
}

/** The default of {@link WatchOptions.maxAttempts}. */
export const DEFAULT_WATCH_ATTEMPTS = 10;

/** What `fn` of `pool.watch()` returns: the writes to commit (`tx.multi()...`), or `null`/`undefined` for none. */
export type WatchResult<T extends unknown[]> = WatchMulti<T> | null | undefined;

/** The body of `pool.watch()`. It may run several times, so it should only read through `tx` and return writes. */
export type WatchBody<T extends unknown[]> = (
  tx: WatchTransaction,
) => Promise<WatchResult<T>> | WatchResult<T>;

const CONFLICT = Symbol("conflict");

/** `fn` failed and so did the UNWATCH after it: report `fn`'s error, and never reuse the connection. */
class CleanupFailed {
  constructor(readonly original: unknown) {}
}

/**
 * Runs `fn` with the keys watched, then its queued writes in MULTI/EXEC; again when EXEC was aborted because a
 * watched key changed.
 * @internal
 */
export async function runWatch<T extends unknown[]>(
  runtime: PoolRuntime,
  keys: Key | readonly Key[],
  fn: WatchBody<T>,
  options?: WatchOptions,
): Promise<T | null> {
  const watched = keyList(keys, "watch");
  if (typeof fn !== "function") {
    throw new InvalidArgumentError(`watch: fn must be a function, got ${describe(fn)}.`);
  }
  const maxAttempts = optionsObject(options, "watch").maxAttempts ?? DEFAULT_WATCH_ATTEMPTS;
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
    throw new InvalidArgumentError(
      `watch: maxAttempts must be a positive integer, got ${describe(maxAttempts)}.`,
    );
  }
  const capabilities = runtime.capabilities;
  const transport = runtime.connection();
  if (!capabilities.watch || transport.dedicated === undefined) {
    throw new UnsupportedError(
      `pool.watch() needs a dedicated connection to hold WATCH state, which the ${capabilities.name} transport cannot carry. Use the TCP transport (@beeredis/ioredis), or pool.multi() or a Lua script (pool.script()) for atomic updates.`,
    );
  }
  const connection = await transport.dedicated().catch(runtime.toError);
  let discard = false;
  try {
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const result = await attemptOnce(runtime, connection, watched, fn);
      if (result !== CONFLICT) return result;
    }
    throw new WatchConflictError(
      `watch: a watched key changed during each of ${maxAttempts} attempts, so nothing was written. Raise maxAttempts, or reduce contention on the keys.`,
    );
  } catch (error) {
    // After a lost reply the connection may still be inside WATCH or MULTI: it is never lent again.
    discard = error instanceof TransportError || error instanceof CleanupFailed;
    throw error instanceof CleanupFailed ? error.original : error;
  } finally {
    await connection.release({ discard });
  }
}

async function attemptOnce<T extends unknown[]>(
  runtime: PoolRuntime,
  connection: DedicatedConnection,
  keys: readonly Key[],
  fn: WatchBody<T>,
): Promise<T | null | typeof CONFLICT> {
  const observer = runtime.observer;
  const send = (argv: readonly WireArg[]) => {
    const start = observer === undefined ? 0 : now();
    const sent = connection.send(argv, runtime.sendOptions).catch(runtime.toError);
    return observer === undefined
      ? sent
      : timed(sent, start, (ms, error) => observer.command(argv, ms, error));
  };
  const unwatchAfter = async (error: unknown): Promise<never> => {
    try {
      await send(["UNWATCH"]);
    } catch {
      throw new CleanupFailed(error);
    }
    throw error;
  };

  await send(runtime.prepare(command(["WATCH", ...keys], asText)).argv);
  const tx = new WatchTransaction(runtime, connection);
  let queued: WatchResult<T>;
  try {
    queued = await fn(tx);
  } catch (error) {
    tx.end();
    return unwatchAfter(error);
  }
  tx.end();
  if (queued === null || queued === undefined) {
    await send(["UNWATCH"]);
    return null;
  }
  if (!(queued instanceof WatchMulti) || queued.owner !== tx) {
    return unwatchAfter(
      new InvalidArgumentError(
        "watch: fn must return this attempt's tx.multi() (or null to write nothing), got something else.",
      ),
    );
  }
  const commands = queued.queued;
  if (commands.length === 0) {
    await send(["UNWATCH"]);
    return [] as unknown as T;
  }
  const argvs = commands.map((cmd) => cmd.argv);
  const start = observer === undefined ? 0 : now();
  const sent = connection.batch([["MULTI"], ...argvs, ["EXEC"]], runtime.sendOptions).catch(runtime.toError);
  const replies = await (observer === undefined
    ? sent
    : timed(sent, start, (ms, error) => observer.batch(true, argvs, ms, error)));
  const exec = replies[replies.length - 1] ?? null;
  if (exec === null) return CONFLICT; // a watched key changed: EXEC aborted
  if (isReplyError(exec)) throw exec; // EXECABORT: a command was refused while queued
  if (!Array.isArray(exec)) throw new TransportError("Unexpected reply: EXEC did not answer an array.");
  return commands.map((cmd, i) => decodeEntry(cmd, exec[i] ?? null)) as unknown as T;
}
