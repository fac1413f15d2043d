/** The Login page's logic: the seed's `rateLimit()` call, and the details shown around it. */
import { Minute, type RedisPool } from "@beeredis/core";
import type { LoginOutcome } from "./pages/login.js";

/** The seed's example: at most 5 login attempts per email per minute. */
export const LOGIN_LIMIT = 5;
export const LOGIN_WINDOW = Minute;

/** The rate-limit key of an email, exactly as in the seed (with the email normalised). */
export function loginKey(email: string): string {
  return `login_attempt_${email}`;
}

/** Trims and lower-cases an email so that "A@x.io" and "a@x.io " share one limit; undefined when invalid. */
export function normaliseEmail(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const email = value.trim().toLowerCase();
  if (email.length === 0 || email.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(email)) return undefined;
  return email;
}

/**
 * One login attempt. The decision is the seed's `pool.rateLimit(key, Minute, 5)`. The details come from
 * `pool.rateLimiter()` on the same state (sliding log, key `rate:{key}`):
 * - allowed: `peek()` tells the attempts left without consuming;
 * - denied: `limit()` tells when the next attempt is allowed. A denied call consumes nothing, so asking again is
 *   free; should the window have moved on in between, that call is allowed, counts as this attempt, and the page
 *   says so. Either way one attempt consumes at most one slot.
 */
export async function attemptLogin(pool: RedisPool, email: string): Promise<LoginOutcome> {
  const key = loginKey(email);
  const limiter = pool.rateLimiter({ limit: LOGIN_LIMIT, window: LOGIN_WINDOW });
  if (await pool.rateLimit(key, LOGIN_WINDOW, LOGIN_LIMIT)) {
    const { remaining } = await limiter.peek(key);
    return { kind: "allowed", remaining, limit: LOGIN_LIMIT };
  }
  const result = await limiter.limit(key);
  if (result.allowed) return { kind: "allowed", remaining: result.remaining, limit: LOGIN_LIMIT };
  const now = result.serverTime ?? Date.now();
  return {
    kind: "limited",
    limit: LOGIN_LIMIT,
    retryAfterMs: result.retryAfterMs,
    nextAttemptAt: new Date(now + result.retryAfterMs),
  };
}
