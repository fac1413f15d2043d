/** @module `rateLimit()`: a Hono middleware over a beeredis rate limiter, of one limit or several. */
import { InvalidArgumentError, type MultiRateLimiter, type RateLimitResult } from "@beeredis/core";
import type { Context, Env, MiddlewareHandler } from "hono";
import { clientIp } from "./client-ip.js";
import { quotePolicyName, retryAfterHeader } from "./headers.js";
import { type AnyRateLimiter, isMulti, policyNames, policyValue, stateValue } from "./policies.js";

/** What a request counts against: one key, or one per key name of a limiter whose limits name their keys. */
export type RateLimitKey = string | Readonly<Record<string, string>>;

/** Options of {@link rateLimit}. */
export interface RateLimitMiddlewareOptions<E extends Env = Env> {
  /**
   * The limiter that decides: `pool.rateLimiter({ limit, window })`, or `pool.rateLimiter({ limits })` for several
   * limits at once (10 per second AND 1,000 per hour); or a function returning it for a request, for platforms
   * whose configuration arrives with the request (Cloudflare's `c.env`).
   */
  limiter: AnyRateLimiter | ((c: Context<E>) => AnyRateLimiter | Promise<AnyRateLimiter>);
  /**
   * The key a request counts against; a record of keys (`{ user, ip }`) for limits that name their keys.
   * @default the client's IP address ({@link clientIp}), prefixed with `ip:`; `ip:unknown` when no header has it
   */
  key?: (c: Context<E>) => RateLimitKey | Promise<RateLimitKey>;
  /**
   * What a request costs.
   * @default 1
   */
  cost?: number | ((c: Context<E>) => number | Promise<number>);
  /**
   * The policy's name in the `RateLimit-Policy` and `RateLimit` headers: 1 to 64 printable ASCII characters. A
   * limiter of several limits names each policy by its limit's `name` instead, which must be such a name too.
   * @default "default"
   */
  policy?: string;
  /**
   * The answer to a denied request, after the headers are set.
   * @default `429 Too Many Requests` with a plain-text body
   */
  onLimited?: (c: Context<E>, result: RateLimitResult) => Response | Promise<Response>;
}

const tooManyRequests = (c: Context): Response => c.text("Too Many Requests", 429);

/**
 * A Hono middleware that lets a request through when `limiter` allows it, and answers `429` otherwise. Every
 * decided response carries `RateLimit-Policy` and `RateLimit` (draft-ietf-httpapi-ratelimit-headers-10), with one
 * policy per limit for a limiter of several; a denied one also carries `Retry-After`. A decision that
 * `onError: "allow"` or `"deny"` answered because Redis was unavailable carries only `RateLimit-Policy` (its
 * counters are not known).
 * @throws InvalidArgumentError for a bad `policy` or limit name, or a `policy` with several limits, when the
 * middleware is created (for a limiter built per request, when the request is decided).
 * @example
 * app.use("/api/*", rateLimit({ limiter: pool.rateLimiter({ limit: 100, window: "1m" }) }));
 * app.use("/api/*", rateLimit({ limiter: pool.rateLimiter({ limits: [{ name: "burst", limit: 10, window: "1s" }, { name: "hourly", limit: 1000, window: "1h" }] }) }));
 */
export function rateLimit<E extends Env = Env>(options: RateLimitMiddlewareOptions<E>): MiddlewareHandler<E> {
  const { limiter, cost, policy } = options;
  if (typeof limiter !== "function" && typeof limiter?.limit !== "function") {
    throw new InvalidArgumentError(
      "rateLimit: `limiter` must be a rate limiter (pool.rateLimiter()) or a function",
    );
  }
  // A limiter given once has its names checked now; one built per request, when it decides.
  const fixedNames = typeof limiter === "function" ? undefined : policyNames(limiter, policy);
  if (fixedNames === undefined && policy !== undefined) quotePolicyName(policy);
  const limiterFor: (c: Context<E>) => AnyRateLimiter | Promise<AnyRateLimiter> =
    typeof limiter === "function" ? limiter : () => limiter;
  const keyFor: (c: Context<E>) => RateLimitKey | Promise<RateLimitKey> =
    options.key ?? ((c) => `ip:${clientIp(c) ?? "unknown"}`);
  const costFor: (c: Context<E>) => number | Promise<number> =
    typeof cost === "function" ? cost : () => cost ?? 1;
  const onLimited: (c: Context<E>, result: RateLimitResult) => Response | Promise<Response> =
    options.onLimited ?? tooManyRequests;

  return async (c, next) => {
    const limiter = await limiterFor(c);
    const names = fixedNames ?? policyNames(limiter, policy);
    const key = await keyFor(c);
    const decision = { cost: await costFor(c) };
    // The limiter checks the key's shape (one string, or a record of its key names) before anything is sent.
    const result = isMulti(limiter)
      ? await (limiter as MultiRateLimiter<string>).limit(key as Record<string, string>, decision)
      : await limiter.limit(key as string, decision);
    c.header("RateLimit-Policy", policyValue(limiter, names, result));
    if (result.source !== "on-error") c.header("RateLimit", stateValue(limiter, names, result));
    if (!result.allowed) {
      c.header("Retry-After", retryAfterHeader(result));
      return onLimited(c, result);
    }
    await next();
  };
}
