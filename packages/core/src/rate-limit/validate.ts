/** @module Input checks of the rate limiter: each throws InvalidArgumentError before anything is sent. */
import { optionsObject } from "../commands/args.js";
import { describe } from "../commands/command.js";
import { type Duration, toDeliberateMilliseconds, toPositiveMilliseconds } from "../duration.js";
import { InvalidArgumentError } from "../errors.js";
import { DEFAULT_DECISION_TIMEOUT_MS } from "./deadline.js";
import type { RateLimitAlgorithm, RateLimiterOptions, RateLimitOnError } from "./types.js";

/** The default key prefix of `pool.rateLimit()` and the sliding log: keys are `rate:{<key>}`. */
export const DEFAULT_RATE_LIMIT_PREFIX = "rate:";
/**
 * The default prefix of each algorithm. Each stores a different type, so they never share a key: switching a
 * limiter's algorithm starts afresh instead of failing with WRONGTYPE. The sliding log shares `pool.rateLimit()`'s.
 */
export const DEFAULT_RATE_LIMIT_PREFIXES: Readonly<Record<RateLimitAlgorithm, string>> = {
  "sliding-log": DEFAULT_RATE_LIMIT_PREFIX,
  gcra: "rate:gcra:",
  "fixed-window": "rate:fixed:",
  "sliding-window": "rate:sw:",
};
/** The default bound of the local deny cache (`localCache: true`). */
export const DEFAULT_DENY_CACHE_KEYS = 10_000;
/** The longest window accepted, so server time plus a window stays an exact integer of µs. */
const MAX_WINDOW_US = 100 * 365.25 * 24 * 3600 * 1e6;

const ALGORITHMS: readonly RateLimitAlgorithm[] = ["sliding-log", "gcra", "fixed-window", "sliding-window"];
const ON_ERROR: readonly RateLimitOnError[] = ["throw", "allow", "deny", "local"];

/** A {@link RateLimiterOptions} with every default applied and the window in µs: `limiter.options`. */
export interface ResolvedRateLimiterOptions {
  /** The algorithm (default `"sliding-log"`). */
  readonly algorithm: RateLimitAlgorithm;
  /** The most calls (total cost) per window. */
  readonly limit: number;
  /** The window in milliseconds. */
  readonly windowMs: number;
  /** The window in whole microseconds, as the scripts take it. */
  readonly windowUs: number;
  /** The key prefix: the Redis key is `${prefix}{${key}}`. */
  readonly prefix: string;
  /** The local deny cache's bound; 0 when it is off. */
  readonly localCacheKeys: number;
  /** What a call resolves to when Redis is unavailable. */
  readonly onError: RateLimitOnError;
  /** How long one decision may take before it follows `onError`, in ms. */
  readonly timeoutMs: number;
  /** The insurance limiter's limit per key, with `onError: "local"`; 0 otherwise. */
  readonly localLimit: number;
}

/** A key must be a non-empty string. @internal */
export function checkKey(key: unknown): void {
  if (typeof key !== "string" || key === "") {
    throw new InvalidArgumentError(`rate limit key must be a non-empty string, got ${describe(key)}.`);
  }
}

/**
 * The largest limit of the sliding log. It keeps one entry per allowed unit of cost, so a key holds up to `limit`
 * entries, and one decision of cost `c` writes `c` of them while Redis waits (about 3 µs each): past this, use
 * "gcra" or "sliding-window", which keep O(1) per key.
 */
export const MAX_SLIDING_LOG_LIMIT = 100_000;

/** A limit must be a positive safe integer, at most {@link MAX_SLIDING_LOG_LIMIT} for the sliding log. @internal */
export function checkLimit(limit: unknown, algorithm: RateLimitAlgorithm = "sliding-log"): number {
  if (typeof limit !== "number" || !Number.isSafeInteger(limit) || limit <= 0) {
    throw new InvalidArgumentError(`rate limit must be a positive integer, got ${describe(limit)}.`);
  }
  if (algorithm === "sliding-log" && limit > MAX_SLIDING_LOG_LIMIT) {
    throw new InvalidArgumentError(
      `rate limit ${limit} is over ${MAX_SLIDING_LOG_LIMIT}, the most the sliding log keeps per key (one entry per ` +
        'call); use algorithm "gcra" or "sliding-window" for larger limits.',
    );
  }
  return limit;
}

/**
 * A window must be a positive finite duration of at least 1 µs and at most 100 years, and a bare number of ms at
 * least 1000 (see `toDeliberateMilliseconds`); returns whole µs. @internal
 */
export function windowMicros(window: Duration): number {
  const us = Math.round(toDeliberateMilliseconds(window, "rate limit window") * 1000);
  if (us < 1 || us > MAX_WINDOW_US) {
    throw new InvalidArgumentError(`rate limit window must be from 1 µs to 100 years, got ${us} µs.`);
  }
  return us;
}

/** A cost must be an integer from 0 to the limit (a larger one could never pass). @internal */
export function checkCost(cost: unknown, limit: number): number {
  if (typeof cost !== "number" || !Number.isSafeInteger(cost) || cost < 0) {
    throw new InvalidArgumentError(`rate limit cost must be a non-negative integer, got ${describe(cost)}.`);
  }
  if (cost > limit) {
    throw new InvalidArgumentError(
      `rate limit cost ${cost} exceeds the limit ${limit}: it could never pass.`,
    );
  }
  return cost;
}

/** Checks `pool.rateLimiter()` options and applies the defaults. @internal */
export function resolveOptions(given: RateLimiterOptions): ResolvedRateLimiterOptions {
  const options = optionsObject(given, "rate limiter");
  const algorithm = options.algorithm ?? "sliding-log";
  if (!ALGORITHMS.includes(algorithm)) {
    throw new InvalidArgumentError(
      `unknown rate limit algorithm ${describe(algorithm)}; use one of ${ALGORITHMS.map(describe).join(", ")}.`,
    );
  }
  const onError = options.onError ?? "throw";
  if (!ON_ERROR.includes(onError)) {
    throw new InvalidArgumentError(
      `rate limiter onError must be "throw", "allow", "deny" or "local", got ${describe(onError)}.`,
    );
  }
  const limit = checkLimit(options.limit, algorithm);
  const prefix = options.prefix ?? DEFAULT_RATE_LIMIT_PREFIXES[algorithm];
  if (typeof prefix !== "string") {
    throw new InvalidArgumentError(`rate limiter prefix must be a string, got ${describe(prefix)}.`);
  }
  const windowUs = windowMicros(options.window as Duration);
  return {
    algorithm,
    limit,
    windowMs: windowUs / 1000,
    windowUs,
    prefix,
    localCacheKeys: cacheKeys(options.localCache),
    onError,
    timeoutMs: decisionTimeout(options.timeout),
    localLimit: localLimitOf(onError, options.localLimit),
  };
}

/** The decision timeout in ms: a positive duration, 1 s by default. */
export function decisionTimeout(timeout: Duration | undefined): number {
  if (timeout === undefined) return DEFAULT_DECISION_TIMEOUT_MS;
  return toPositiveMilliseconds(timeout, "rate limiter timeout");
}

/** `localLimit`: required with `onError: "local"` (a positive integer), refused without it. */
function localLimitOf(onError: RateLimitOnError, localLimit: unknown): number {
  if (onError !== "local") {
    if (localLimit === undefined) return 0;
    throw new InvalidArgumentError(
      `rate limiter localLimit applies only with onError: "local" (got onError ${describe(onError)}).`,
    );
  }
  if (typeof localLimit !== "number" || !Number.isSafeInteger(localLimit) || localLimit <= 0) {
    throw new InvalidArgumentError(
      `rate limiter onError "local" needs localLimit, the limit each process applies while Redis is unavailable (a positive integer, such as limit / instances); got ${describe(localLimit)}.`,
    );
  }
  return localLimit;
}

function cacheKeys(option: RateLimiterOptions["localCache"]): number {
  if (option === undefined || option === false) return 0;
  if (option === true) return DEFAULT_DENY_CACHE_KEYS;
  const maxKeys =
    typeof option === "object" && option !== null ? (option.maxKeys ?? DEFAULT_DENY_CACHE_KEYS) : NaN;
  if (!Number.isSafeInteger(maxKeys) || maxKeys <= 0) {
    throw new InvalidArgumentError(
      `rate limiter localCache must be a boolean or { maxKeys: positive integer }, got ${describe(option)}.`,
    );
  }
  return maxKeys;
}
