/** @module Public types of the rate limiter. */
import type { Duration } from "../duration.js";
import type { BeeRedisError } from "../errors.js";

/**
 * How a {@link RateLimiter} decides. Every algorithm runs as one atomic Lua script on server time, and a denied
 * call never consumes.
 * - `"sliding-log"`: exact. At most `limit` in ANY interval of length `window`. Memory O(limit) per key.
 * - `"gcra"`: smooth refill, a burst of `limit` then one every `window / limit`. A rate guarantee: up to
 *   `2·limit − 1` in one window. Memory O(1) per key.
 * - `"fixed-window"`: at most `limit` per window started by the first call; up to `2·limit` across two windows.
 *   Memory O(1) per key.
 * - `"sliding-window"`: two weighted buckets, approximate; at most `2·limit − 1` in any window, close to `limit`
 *   for evenly spread traffic. Memory O(1) per key.
 */
export type RateLimitAlgorithm = "sliding-log" | "gcra" | "fixed-window" | "sliding-window";

/**
 * What a decision resolves to when Redis is unavailable: `"throw"` rejects with the error, `"allow"` fails open,
 * `"deny"` fails closed. Unavailable means a `TransportError` (connection, timeout) or a `ReplyError` the server
 * gives while it cannot serve (`LOADING`, `BUSY`, `MASTERDOWN`, `READONLY`, `OOM`, `CLUSTERDOWN`, `TRYAGAIN`).
 * Any other `ReplyError` (such as `WRONGTYPE`: the key holds something else) is a bug and always rejects.
 */
export type RateLimitOnError = "throw" | "allow" | "deny";

/** Options of `pool.rateLimiter()`. */
export interface RateLimiterOptions {
  /**
   * The algorithm; see {@link RateLimitAlgorithm} for each one's guarantee and memory.
   * @default "sliding-log"
   */
  algorithm?: RateLimitAlgorithm;
  /** The most calls (total cost) allowed per `window`: a positive safe integer. */
  limit: number;
  /** The window: milliseconds or a string such as `"1m"`. At least 1 µs, at most 100 years. */
  window: Duration;
  /**
   * Prepended to every key. The Redis key is `${prefix}{${key}}`: hash-tagged, so it is Cluster-safe. Each
   * algorithm stores a different type, so give limiters of different algorithms different prefixes (the same
   * key would fail with WRONGTYPE); the defaults already differ.
   * @default "rate:" for "sliding-log" (shared with `pool.rateLimit()`), "rate:gcra:", "rate:fixed:", "rate:sw:"
   */
  prefix?: string;
  /**
   * An in-memory deny cache: once Redis denies a key, repeat calls for it are denied locally, with no round trip,
   * until its `retryAfterMs` passes. `true` keeps up to 10,000 keys; `{ maxKeys }` sets the bound (the oldest
   * denial is evicted first). It trades exactness for latency only on the deny side: it never allows a call
   * Redis would deny, but may deny one Redis would allow (after a `reset` from another process, or a smaller cost).
   * @default false
   */
  localCache?: boolean | { maxKeys?: number };
  /**
   * What to do when Redis is unavailable; see {@link RateLimitOnError}.
   * @default "throw"
   */
  onError?: RateLimitOnError;
}

/** Options of `limiter.limit()` and `limiter.peek()`. */
export interface RateLimitOptions {
  /**
   * How much this call consumes: an integer from 0 to `limit`. A cost of 0 always passes and consumes nothing.
   * @default 1
   */
  cost?: number;
}

/** Where a {@link RateLimitResult} came from. */
export type RateLimitSource = "redis" | "local-cache" | "on-error";

/** The outcome of `limiter.limit()` or `limiter.peek()`. */
export interface RateLimitResult {
  /** Whether the call is allowed (for `peek`: whether a call of that cost would be). */
  allowed: boolean;
  /** The limiter's `limit`. */
  limit: number;
  /** How many calls of cost 1 would still be allowed right now (after this one, if it consumed). */
  remaining: number;
  /** Milliseconds (rounded up) until the key is back to `limit` remaining when nothing else is called. */
  resetAfterMs: number;
  /** 0 when allowed; otherwise milliseconds (rounded up) until a call of the same cost could pass. */
  retryAfterMs: number;
  /**
   * The Redis server's clock when it decided, in ms since the Unix epoch with µs precision (so
   * `serverTime + resetAfterMs` is an absolute reset time free of local clock skew). Absent when `source` is
   * not `"redis"`.
   */
  serverTime?: number;
  /** `"redis"`, or `"local-cache"` for a repeat denial answered locally, or `"on-error"` when Redis failed. */
  source: RateLimitSource;
  /** With `source: "on-error"`: the error that `onError` answered for. */
  error?: BeeRedisError;
}
