/** @module Sends one rate-limit decision: EVALSHA, then EVAL once on NOSCRIPT, and decodes the script's reply. */
import type { Decoder } from "../commands/command.js";
import { isBeeRedisError, TransportError } from "../errors.js";
import type { RedisPool } from "../registry/pool.js";
import type { RawReply } from "../transport.js";
import type { RateLimitResult } from "./types.js";

/** A Lua script with its SHA-1 computed ahead, so a decision needs no hashing. @internal */
export interface RateScript {
  readonly lua: string;
  readonly sha: string;
}

/**
 * Runs a rate-limit script with one key and its four arguments in one round trip (two only after a SCRIPT FLUSH
 * or a restart, when the server answers NOSCRIPT and the source is sent once with EVAL).
 * @internal
 */
export function runRateScript<T>(
  pool: RedisPool,
  script: RateScript,
  key: string,
  limit: string,
  window: string,
  cost: string,
  peek: "0" | "1",
  decode: Decoder<T>,
): Promise<T> {
  return pool
    .execute({ argv: ["EVALSHA", script.sha, "1", key, limit, window, cost, peek], decode })
    .catch((error: unknown) => {
      if (!isBeeRedisError(error) || error.code !== "REPLY_ERROR" || !("prefix" in error)) throw error;
      if (error.prefix !== "NOSCRIPT") throw error;
      return pool.execute({ argv: ["EVAL", script.lua, "1", key, limit, window, cost, peek], decode });
    });
}

/** Checks the scripts' reply shape: {allowed, remaining, resetAfterUs, retryAfterUs, nowUs}. */
function replyOf(reply: RawReply): number[] {
  if (Array.isArray(reply) && reply.length === 5) {
    let ok = true;
    for (let i = 0; i < 5; i++) ok &&= typeof reply[i] === "number";
    if (ok) return reply as number[];
  }
  throw new TransportError("Unexpected reply from the rate limiter script: expected five integers.");
}

/** Decodes a script reply into a {@link RateLimitResult}. @internal */
export function decodeResult(reply: RawReply, limit: number): RateLimitResult {
  const values = replyOf(reply);
  return {
    allowed: values[0] === 1,
    limit,
    remaining: values[1]!,
    resetAfterMs: Math.ceil(values[2]! / 1000),
    retryAfterMs: Math.ceil(values[3]! / 1000),
    serverTime: values[4]! / 1000,
    source: "redis",
  };
}

/** Decodes a script reply into whether the call was allowed, for `pool.rateLimit()`. @internal */
export function decodeAllowed(reply: RawReply): boolean {
  return replyOf(reply)[0] === 1;
}
