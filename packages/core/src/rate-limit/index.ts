/**
 * @module Rate limiting: `pool.rateLimit()` ("at most N per window", exactly) and `pool.rateLimiter()`.
 * Every decision is one atomic Lua script (EVALSHA, EVAL on NOSCRIPT) timed by the server's clock.
 */
import type { Duration } from "../duration.js";
import type { LitePool } from "../registry/lite-pool.js";
import type { RateLimiter } from "./limiter.js";
import { checkLimit, decisionTimeout, windowMicros } from "./validate.js";

export { DEFAULT_DECISION_TIMEOUT_MS } from "./deadline.js";
export { RateLimiter } from "./limiter.js";
export { MultiRateLimiter } from "./multi-limiter.js";
export {
  DEFAULT_MULTI_RATE_LIMIT_PREFIX,
  MAX_RATE_LIMIT_RULES,
  type ResolvedMultiRateLimiterOptions,
  type ResolvedRule,
} from "./multi-options.js";
export { MULTI_LIMIT as MULTI_LIMIT_SCRIPT, type MultiLimitReply } from "./multi-script.js";
export type {
  MultiRateLimiterOptions,
  MultiRateLimitKey,
  MultiRateLimitOptions,
  MultiRateLimitResult,
  RateLimitRule,
  RateLimitRuleResult,
} from "./multi-types.js";
export { REFUND as RATE_LIMIT_REFUND_SCRIPT } from "./penalty.js";
export type { RateLimitScriptReply } from "./reply.js";
export { RATE_LIMIT_SCRIPTS } from "./scripts.js";
export { SLIDING_LOG_VERDICT as RATE_LIMIT_VERDICT_SCRIPT } from "./sliding-log-verdict.js";
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
export { DEFAULT_WAIT_TIMEOUT_MS, type RateLimitWaitOptions } from "./wait.js";

/** Options of `pool.rateLimit()`. */
export interface RateLimitCallOptions {
  /**
   * How long the decision may take before it rejects with a timed-out `TransportError`.
   * @default "1s"
   */
  timeout?: Duration;
}

/** The most `pool.rateLimit()` limiters kept per pool (one per window and limit); past it the oldest is dropped. */
const MAX_LIMITERS_PER_POOL = 64;

/**
 * The `pool.rateLimit()` limiters of a pool, by window, limit and timeout; and the last one used with the window,
 * limit and timeout it was asked for, so a repeat call (the common case) skips the checks and the lookup.
 */
interface KeptLimiters {
  readonly byId: Map<string, RateLimiter>;
  last?: { window: Duration; limit: number; timeout: Duration | undefined; limiter: RateLimiter };
}

/** Per pool (its shared runtime, so every engine's pool object shares them). */
const limitersOf = new WeakMap<object, KeptLimiters>();

/**
 * `pool.rateLimit(key, window, limit)`: true when the call is allowed. At most `limit` calls are allowed in ANY
 * interval of length `window` (the sliding log, key `rate:{<key>}`), under any concurrency and across processes.
 * Denied calls do not count. One round trip. It decides as `pool.rateLimiter({ limit, window, timeout }).limit(key)`
 * does, through the limiter's verdict script (which counts nothing, see `RateLimiter.verdict`), with the limiter kept
 * per window, limit and timeout in `shared` (the pool's runtime).
 * Rejects with InvalidArgumentError for an empty key, a window that is not a positive finite duration (or a bare
 * number under 1000 ms), or a limit that is not a positive integer; with TransportError when Redis is unavailable
 * or gives no decision within `timeout`.
 * @internal
 */
export async function rateLimit(
  shared: object,
  pool: LitePool,
  key: string,
  window: Duration,
  limit: number,
  options?: RateLimitCallOptions,
): Promise<boolean> {
  let kept = limitersOf.get(shared);
  if (kept === undefined) {
    kept = { byId: new Map() };
    limitersOf.set(shared, kept);
  }
  const timeout = options?.timeout;
  const last = kept.last;
  // The same primitives as the last call passed the same checks: its limiter answers.
  const limiter =
    last !== undefined && last.window === window && last.limit === limit && last.timeout === timeout
      ? last.limiter
      : keptLimiter(kept, pool, window, limit, timeout);
  return (await limiter.verdict(key)).allowed;
}

/** The limiter of `window`, `limit` and `timeout`, created (and kept) on first use. */
function keptLimiter(
  kept: KeptLimiters,
  pool: LitePool,
  window: Duration,
  limit: number,
  timeout: Duration | undefined,
): RateLimiter {
  // Checked before the lookup: a limit of "5" must not find the limiter of 5.
  const timeoutMs = decisionTimeout(timeout);
  const id = `${windowMicros(window)} ${checkLimit(limit)} ${timeoutMs}`;
  let limiter = kept.byId.get(id);
  if (limiter === undefined) {
    limiter = pool.rateLimiter({ limit, window, timeout: timeoutMs }); // reports to onDecision listeners, if any
    if (kept.byId.size >= MAX_LIMITERS_PER_POOL) kept.byId.delete(kept.byId.keys().next().value as string);
    kept.byId.set(id, limiter);
  }
  kept.last = { window, limit, timeout, limiter };
  return limiter;
}
