/**
 * @module The policies a limiter answers for, and their header values: one policy (named by the `policy` option)
 * for a one-limit `RateLimiter`, one per limit (named by the limit's name) for a `MultiRateLimiter`.
 */
import {
  InvalidArgumentError,
  type MultiRateLimiter,
  type MultiRateLimitResult,
  type RateLimiter,
  type RateLimitResult,
} from "@beeredis/core";
import { policyHeader, quotePolicyName, rateLimitHeader } from "./headers.js";

/** A limiter the middleware takes: one limit, or several (with one key, or a record of keys). */
export type AnyRateLimiter = RateLimiter | MultiRateLimiter<never> | MultiRateLimiter<string>;

/** True for a limiter of several limits (`pool.rateLimiter({ limits })`). */
export function isMulti(limiter: AnyRateLimiter): limiter is MultiRateLimiter<string> {
  return "rules" in limiter.options;
}

/**
 * The quoted policy names of `limiter`, checked: `policy` for a one-limit limiter, each limit's name otherwise.
 * @throws InvalidArgumentError for a name that is not 1 to 64 printable ASCII characters, or a `policy` given with
 * several limits (each limit's name is then its policy's).
 */
export function policyNames(limiter: AnyRateLimiter, policy: string | undefined): string[] {
  if (!isMulti(limiter)) return [quotePolicyName(policy ?? "default")];
  if (policy !== undefined) {
    throw new InvalidArgumentError(
      "rateLimit: `policy` names a one-limit limiter's policy; with `limits`, each limit's name is its policy's name",
    );
  }
  return limiter.options.rules.map((rule) => quotePolicyName(rule.name));
}

/** The `RateLimit-Policy` value: each policy's quota, as applied by this decision (a dynamic limit included). */
export function policyValue(
  limiter: AnyRateLimiter,
  names: readonly string[],
  result: RateLimitResult,
): string {
  if (!isMulti(limiter)) return policyHeader(names[0]!, limiter.options.limit, limiter.options.windowMs);
  const applied = (result as MultiRateLimitResult).limits;
  return limiter.options.rules
    .map((rule, i) => policyHeader(names[i]!, applied[i]?.limit ?? rule.limit, rule.windowUs / 1000))
    .join(", ");
}

/** The `RateLimit` value: each policy's remaining requests and seconds until its quota is whole. */
export function stateValue(
  limiter: AnyRateLimiter,
  names: readonly string[],
  result: RateLimitResult,
): string {
  if (!isMulti(limiter)) return rateLimitHeader(names[0]!, result);
  return (result as MultiRateLimitResult).limits
    .map((limit, i) => rateLimitHeader(names[i]!, limit))
    .join(", ");
}
