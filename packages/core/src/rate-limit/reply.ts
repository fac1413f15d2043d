/** @module Decodes the rate-limit scripts' replies. */
import { TransportError } from "../errors.js";
import type { RawReply } from "../transport.js";
import type { RateLimitResult } from "./types.js";

/** What a rate-limit script answers: its decision, with every duration in µs of the server's clock. */
export interface RateLimitScriptReply {
  readonly allowed: boolean;
  /** How many calls of cost 1 would still be allowed. */
  readonly remaining: number;
  readonly resetAfterUs: number;
  readonly retryAfterUs: number;
  /** The server's clock, in µs since the Unix epoch. */
  readonly serverTimeUs: number;
}

/** Decodes `{allowed, remaining, resetAfterUs, retryAfterUs, serverTimeUs}`: five integers. */
export function asRateLimitReply(reply: RawReply): RateLimitScriptReply {
  if (Array.isArray(reply) && reply.length === 5 && reply.every((value) => typeof value === "number")) {
    const [allowed, remaining, resetAfterUs, retryAfterUs, serverTimeUs] = reply as number[];
    return {
      allowed: allowed === 1,
      remaining: remaining!,
      resetAfterUs: resetAfterUs!,
      retryAfterUs: retryAfterUs!,
      serverTimeUs: serverTimeUs!,
    };
  }
  throw new TransportError("Unexpected reply from the rate limiter script: expected five integers.");
}

/** A script's decision as `limiter.limit()` reports it: durations in whole ms, rounded up. @internal */
export function toResult(reply: RateLimitScriptReply, limit: number): RateLimitResult {
  return {
    allowed: reply.allowed,
    limit,
    remaining: reply.remaining,
    resetAfterMs: Math.ceil(reply.resetAfterUs / 1000),
    retryAfterMs: Math.ceil(reply.retryAfterUs / 1000),
    serverTime: reply.serverTimeUs / 1000,
    source: "redis",
  };
}
