/**
 * @module Rate limiting: `pool.rateLimit()` (the seed's exact "max N per window") and `pool.rateLimiter()`.
 * Every decision is one atomic Lua script (EVALSHA, EVAL on NOSCRIPT) timed by the server's clock.
 */
import type { Duration } from "../duration.js";
import { evalKnown } from "../known-script.js";
import type { LitePool } from "../registry/lite-pool.js";
import { decodeAllowed } from "./run.js";
import { SLIDING_LOG } from "./sliding-log.js";
import { checkKey, checkLimit, DEFAULT_RATE_LIMIT_PREFIX, windowMicros } from "./validate.js";

export { RateLimiter } from "./limiter.js";
export { RATE_LIMIT_SCRIPTS } from "./scripts.js";
export type {
  RateLimitAlgorithm,
  RateLimiterOptions,
  RateLimitOnError,
  RateLimitOptions,
  RateLimitResult,
  RateLimitSource,
} from "./types.js";
export {
  DEFAULT_DENY_CACHE_KEYS,
  DEFAULT_RATE_LIMIT_PREFIX,
  DEFAULT_RATE_LIMIT_PREFIXES,
  MAX_SLIDING_LOG_LIMIT,
  type ResolvedRateLimiterOptions,
} from "./validate.js";

/**
 * `pool.rateLimit(key, window, limit)`: true when the call is allowed. It keeps the seed's promise exactly: at most
 * `limit` calls are allowed in ANY interval of length `window` (the sliding log, key `rate:{<key>}`), under any
 * concurrency and across processes. Denied calls do not count. One round trip.
 * Rejects with InvalidArgumentError for an empty key, a window that is not a positive finite duration, or a limit
 * that is not a positive integer.
 */
export function rateLimit(pool: LitePool, key: string, window: Duration, limit: number): Promise<boolean> {
  try {
    checkKey(key);
    const windowUs = windowMicros(window);
    checkLimit(limit);
    return evalKnown(
      pool,
      SLIDING_LOG,
      ["1", `${DEFAULT_RATE_LIMIT_PREFIX}{${key}}`, String(limit), String(windowUs), "1", "0"],
      decodeAllowed,
    );
  } catch (error) {
    return Promise.reject(error);
  }
}
