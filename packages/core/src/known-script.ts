/** @module Runs a Lua script whose SHA-1 is known ahead: the hot path of the rate limiter and the locker. */
import type { Decoder } from "./commands/command.js";
import { isBeeRedisError } from "./errors.js";
import type { LitePool } from "./registry/lite-pool.js";
import type { WireArg } from "./transport.js";

/** A Lua script with its SHA-1 computed ahead, so running it needs no hashing. @internal */
export interface KnownScript {
  readonly lua: string;
  readonly sha: string;
}

/**
 * Sends `EVALSHA <sha> ...tail` and decodes the raw reply: one round trip. Only when the server answers NOSCRIPT
 * (after a SCRIPT FLUSH or a restart) is the source sent, once, with EVAL. `tail` is `numkeys, ...keys, ...args`.
 * Lighter than `pool.script()`: no hashing, no generic reply conversion, no async hops.
 * @internal
 */
export function evalKnown<T>(
  pool: LitePool,
  script: KnownScript,
  tail: readonly WireArg[],
  decode: Decoder<T>,
): Promise<T> {
  let sent: Promise<T>;
  try {
    sent = pool.execute({ argv: ["EVALSHA", script.sha, ...tail], decode });
  } catch (error) {
    return Promise.reject(error); // a closed pool throws at once; callers expect a rejection
  }
  return sent.catch((error: unknown) => {
    if (!isBeeRedisError(error) || error.code !== "REPLY_ERROR" || !("prefix" in error)) throw error;
    if (error.prefix !== "NOSCRIPT") throw error;
    return pool.execute({ argv: ["EVAL", script.lua, ...tail], decode });
  });
}
