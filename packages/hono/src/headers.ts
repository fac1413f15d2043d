/**
 * @module The RateLimit-Policy and RateLimit header fields of draft-ietf-httpapi-ratelimit-headers-10, and
 * Retry-After (RFC 9110). Both drafted fields are Structured Field Lists (RFC 9651) of one item per policy:
 * `RateLimit-Policy: "default";q=100;w=60` and `RateLimit: "default";r=42;t=17`.
 */
import { InvalidArgumentError, type RateLimitResult } from "@beeredis/core";

/** A policy name that can be written as a Structured Field String: printable ASCII, at most 64 characters. */
const POLICY_NAME = /^[\x20-\x7e]{1,64}$/;

/**
 * Checks a policy name and returns it quoted as a Structured Field String.
 * @throws InvalidArgumentError when it is empty, longer than 64 characters or not printable ASCII.
 */
export function quotePolicyName(name: string): string {
  if (typeof name !== "string" || !POLICY_NAME.test(name)) {
    throw new InvalidArgumentError(
      `rateLimit: the policy name must be 1 to 64 printable ASCII characters, got ${JSON.stringify(name)}`,
    );
  }
  return `"${name.replace(/[\\"]/g, "\\$&")}"`;
}

/** Whole seconds for a header: milliseconds rounded up, so a client never comes back too early. */
export function seconds(ms: number): number {
  return Math.max(0, Math.ceil(ms / 1000));
}

/**
 * The `RateLimit-Policy` value: the quota `q` (the limiter's `limit`) over the window `w` in seconds (rounded up,
 * at least 1, since `w` is an Integer).
 */
export function policyHeader(quotedName: string, limit: number, windowMs: number): string {
  return `${quotedName};q=${limit};w=${Math.max(1, seconds(windowMs))}`;
}

/** The `RateLimit` value: `r` requests remaining, and `t` seconds until the quota is whole again. */
export function rateLimitHeader(
  quotedName: string,
  result: Pick<RateLimitResult, "remaining" | "resetAfterMs">,
): string {
  return `${quotedName};r=${Math.max(0, result.remaining)};t=${seconds(result.resetAfterMs)}`;
}

/** The `Retry-After` value of a denied request: seconds until a request of the same cost could pass (at least 1). */
export function retryAfterHeader(result: RateLimitResult): string {
  return String(Math.max(1, seconds(result.retryAfterMs)));
}
