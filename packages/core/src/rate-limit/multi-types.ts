/** @module Public types of the multi-limit rate limiter, `pool.rateLimiter({ limits })`. */
import type { Duration } from "../duration.js";
import type { RateLimitOnError, RateLimitOptions, RateLimitResult } from "./types.js";

/** One limit of a {@link MultiRateLimiterOptions}: at most `limit` calls (total cost) in ANY interval of `window`. */
export interface RateLimitRule<K extends string = never> {
  /** The most calls (total cost) allowed per `window`: a positive integer, at most 100,000. */
  limit: number;
  /** The window: milliseconds or a string such as `"1m"`. At least 1 µs, at most 100 years. */
  window: Duration;
  /**
   * Names the limit in results (`deniedBy`, `limits[i].name`) and in `setLimit`. Names must differ.
   * @default the window as given: `"1m"`, or `"60000ms"` for a number
   */
  name?: string;
  /**
   * Which key of a decision this limit counts, for limits across keys (per user AND per IP): the decision then
   * passes a record, `limiter.limit({ user: "u:7", ip: "203.0.113.9" })`. Give every limit a `key`, or none.
   */
  key?: K;
}

/** Options of `pool.rateLimiter({ limits })`: several sliding-log limits decided together, atomically. */
export interface MultiRateLimiterOptions<K extends string = never> {
  /** The limits: a decision is allowed only when every one allows, and then every one is charged. */
  limits: readonly RateLimitRule<K>[];
  /**
   * Prepended to every key: each limited key's log is `${prefix}{${key}}`, its block `${prefix}block:{${key}}` and
   * its dynamic limits `${prefix}limits:{${key}}`, all in one Cluster slot.
   * @default "rate:multi:"
   */
  prefix?: string;
  /**
   * Reads each decision's limits from Redis when `limiter.setLimit()` set them (per key, then per `tier`), inside
   * the same script; the limits given here apply otherwise. Costs one HGET per limit per decision.
   * @default false
   */
  dynamicLimits?: boolean;
  /**
   * What to do when Redis is unavailable; see {@link RateLimitOnError}.
   * @default "throw"
   */
  onError?: RateLimitOnError;
  /**
   * How long one decision may take before it follows `onError` (the result then has `source` `"on-error"` and
   * `error` a timed-out `TransportError`), as for a single limit. While the pool knows Redis is out of reach,
   * decisions do not wait at all.
   * @default "1s"
   */
  timeout?: Duration;
}

/** The key of a decision: one string, or (when the limits name keys) one string per key name. */
export type MultiRateLimitKey<K extends string> = [K] extends [never]
  ? string
  : { readonly [P in K]: string };

/** Options of a multi-limit `limit()` or `peek()`. */
export interface MultiRateLimitOptions extends RateLimitOptions {
  /**
   * With `dynamicLimits`: a tier whose limits (`setLimit(tier, ...)`) apply when the key has none of its own.
   * On Redis Cluster the tier must share the keys' hash tag, or the call is refused.
   */
  tier?: string;
}

/** One limit's part of a {@link MultiRateLimitResult}. */
export interface RateLimitRuleResult {
  /** The limit's name. */
  name: string;
  /** The key it counted. */
  key: string;
  /** Whether this limit allowed (the decision may still be denied by another). */
  allowed: boolean;
  /** The limit applied: the configured one, or the dynamic one when set. */
  limit: number;
  remaining: number;
  resetAfterMs: number;
  retryAfterMs: number;
}

/**
 * The outcome of a multi-limit `limit()` or `peek()`: the fields of {@link RateLimitResult} for the decision as a
 * whole (`limit` and `remaining` of the tightest limit, the longest `resetAfterMs` and `retryAfterMs`), plus each
 * limit's own report and what denied.
 */
export interface MultiRateLimitResult extends RateLimitResult {
  /** The denying limit with the longest `retryAfterMs`; absent when allowed or when only a block denied. */
  deniedBy?: string;
  /** The blocked key (the longest block) when `limiter.block()` denied the decision. */
  blockedKey?: string;
  /** Each limit's report, in the order of `limits` (empty when `source` is not `"redis"`). */
  limits: RateLimitRuleResult[];
}
