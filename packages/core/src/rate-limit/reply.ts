/** @module Decodes the rate-limit scripts' replies. */
import { TransportError } from "../errors.js";
import type { RawReply } from "../transport.js";
import type { RateLimitResult } from "./types.js";

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
