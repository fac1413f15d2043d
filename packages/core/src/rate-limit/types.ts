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
 * `"deny"` fails closed, `"local"` decides in this process's memory with the same algorithm and `localLimit`
 * (an insurance limiter; see {@link RateLimiterOptions.localLimit} for its guarantee). Unavailable means a
 * `TransportError` (connection, timeout, the decision `timeout`, a pool failing fast while Redis is out of reach)
 * or a `ReplyError` the server gives while it cannot serve (`LOADING`, `BUSY`, `MASTERDOWN`, `READONLY`, `OOM`,
 * `CLUSTERDOWN`, `TRYAGAIN`). Any other `ReplyError` (such as `WRONGTYPE`: the key holds something else) is a
 * bug and always rejects.
 */
export type RateLimitOnError = "throw" | "allow" | "deny" | "local";

/** Options of `pool.rateLimiter()`. */
export interface RateLimiterOptions {
  /**
   * The algorithm; see {@link RateLimitAlgorithm} for each one's guarantee and memory.
   * @default "sliding-log"
   */
  algorithm?: RateLimitAlgorithm;
  /** The most calls (total cost) allowed per `window`: a positive safe integer. */
  limit: number;
  /**
   * The window: a string such as `"1m"` or `"30s"`, or milliseconds. At least 1 µs, at most 100 years. A bare
   * number under 1000 is refused (60 would be 60 ms, almost surely meant as `"60s"`): write `"500ms"` for a
   * window that short.
   */
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
  /**
   * How long one decision may take before it follows `onError` (the result then has `source` `"on-error"` or
   * `"local"`, and `error` a timed-out `TransportError`). Separate from the pool's `commandTimeout`, which bounds
   * every command; this one bounds a request path's wait. While the pool knows Redis is out of reach, decisions
   * do not wait at all: they follow `onError` at once.
   * @default "1s"
   */
  timeout?: Duration;
  /**
   * With `onError: "local"` (and only then; required there): the limit the in-process insurance limiter applies
   * per key while Redis is unavailable, with the same algorithm and window, such as the global `limit` divided by
   * the number of instances. Its guarantee is per process: `n` instances may allow up to `n · localLimit` per
   * window between them, and what they allowed locally is not counted in Redis once it is back (each call asks
   * Redis first, so decisions go back to Redis by themselves as soon as it answers).
   */
  localLimit?: number;
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
export type RateLimitSource = "redis" | "local-cache" | "on-error" | "local";

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
  /**
   * `"redis"`; `"local-cache"` for a repeat denial answered locally; `"on-error"` when Redis was unavailable and
   * `onError` (`"allow"` or `"deny"`) answered; `"local"` when the insurance limiter (`onError: "local"`) decided.
   */
  source: RateLimitSource;
  /** With `source: "on-error"` or `"local"`: the error that `onError` answered for. */
  error?: BeeRedisError;
}
