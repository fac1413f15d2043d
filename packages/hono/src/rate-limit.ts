/** @module `rateLimit()`: a Hono middleware over a beeredis {@link RateLimiter}. */
import { InvalidArgumentError, type RateLimiter, type RateLimitResult } from "@beeredis/core";
import type { Context, Env, MiddlewareHandler } from "hono";
import { clientIp } from "./client-ip.js";
import { policyHeader, quotePolicyName, rateLimitHeader, retryAfterHeader } from "./headers.js";

/** Options of {@link rateLimit}. */
export interface RateLimitMiddlewareOptions<E extends Env = Env> {
  /**
   * The limiter that decides, from `pool.rateLimiter({ limit, window })`; or a function returning it for a
   * request, for platforms whose configuration arrives with the request (Cloudflare's `c.env`).
   */
  limiter: RateLimiter | ((c: Context<E>) => RateLimiter | Promise<RateLimiter>);
  /**
   * The key a request counts against.
   * @default the client's IP address ({@link clientIp}), prefixed with `ip:`; `ip:unknown` when no header has it
   */
  key?: (c: Context<E>) => string | Promise<string>;
  /**
   * What a request costs.
   * @default 1
   */
  cost?: number | ((c: Context<E>) => number | Promise<number>);
  /**
   * The policy's name in the `RateLimit-Policy` and `RateLimit` headers: 1 to 64 printable ASCII characters.
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
 * decided response carries `RateLimit-Policy` and `RateLimit` (draft-ietf-httpapi-ratelimit-headers-10); a
 * denied one also carries `Retry-After`. A decision that `onError: "allow"` or `"deny"` answered because Redis
 * was unavailable carries only `RateLimit-Policy` (its counters are not known).
 * @throws InvalidArgumentError for a bad `policy` name, when the middleware is created.
 * @example
 * const limiter = pool.rateLimiter({ limit: 100, window: "1m" });
 * app.use("/api/*", rateLimit({ limiter }));
 */
export function rateLimit<E extends Env = Env>(options: RateLimitMiddlewareOptions<E>): MiddlewareHandler<E> {
  const policy = quotePolicyName(options.policy ?? "default");
  const { limiter, cost } = options;
  if (typeof limiter !== "function" && typeof limiter?.limit !== "function") {
    throw new InvalidArgumentError(
      "rateLimit: `limiter` must be a RateLimiter (pool.rateLimiter()) or a function",
    );
  }
  const limiterFor: (c: Context<E>) => RateLimiter | Promise<RateLimiter> =
    typeof limiter === "function" ? limiter : () => limiter;
  const keyFor: (c: Context<E>) => string | Promise<string> =
    options.key ?? ((c) => `ip:${clientIp(c) ?? "unknown"}`);
  const costFor: (c: Context<E>) => number | Promise<number> =
    typeof cost === "function" ? cost : () => cost ?? 1;
  const onLimited: (c: Context<E>, result: RateLimitResult) => Response | Promise<Response> =
    options.onLimited ?? tooManyRequests;

  return async (c, next) => {
    const limiter = await limiterFor(c);
    const result = await limiter.limit(await keyFor(c), { cost: await costFor(c) });
    c.header("RateLimit-Policy", policyHeader(policy, limiter.options.limit, limiter.options.windowMs));
    if (result.source !== "on-error") c.header("RateLimit", rateLimitHeader(policy, result));
    if (!result.allowed) {
      c.header("Retry-After", retryAfterHeader(result));
      return onLimited(c, result);
    }
    await next();
  };
}
