/** @module Decodes the rate-limit scripts' replies. */
import { TransportError } from "../errors.js";
import type { RawReply } from "../transport.js";
import type { RateLimitResult } from "./types.js";

/** What a rate-limit script answers: its decision, with every duration in µs of the server's clock. */
export type RateLimitScriptReply = readonly [
  allowed: 0 | 1,
  /** How many calls of cost 1 would still be allowed. */
  remaining: number,
  resetAfterUs: number,
  retryAfterUs: number,
  /** The server's clock, in µs since the Unix epoch. */
  serverTimeUs: number,
];

/** Decodes `{allowed, remaining, resetAfterUs, retryAfterUs, serverTimeUs}`: five integers. */
export function asRateLimitReply(reply: RawReply): RateLimitScriptReply {
  if (
    Array.isArray(reply) &&
    reply.length === 5 &&
    typeof reply[0] === "number" &&
    typeof reply[1] === "number" &&
    typeof reply[2] === "number" &&
    typeof reply[3] === "number" &&
    typeof reply[4] === "number"
  ) {
    return reply as unknown as RateLimitScriptReply;
  }
  throw new TransportError("Unexpected reply from the rate limiter script: expected five integers.");
}

/** A script's decision as `limiter.limit()` reports it: durations in whole ms, rounded up. @internal */
export function toResult(
  [allowed, remaining, resetAfterUs, retryAfterUs, serverTimeUs]: RateLimitScriptReply,
  limit: number,
): RateLimitResult {
  return {
    allowed: allowed === 1,
    limit,
    remaining,
    resetAfterMs: Math.ceil(resetAfterUs / 1000),
    retryAfterMs: Math.ceil(retryAfterUs / 1000),
    serverTime: serverTimeUs / 1000,
    source: "redis",
  };
}
