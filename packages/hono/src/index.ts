/**
 * Hono middleware for beeredis. `rateLimit()` answers 429 with `Retry-After`, and sets the `RateLimit-Policy`
 * and `RateLimit` headers of draft-ietf-httpapi-ratelimit-headers-10 on every decided response, one policy per
 * limit for a limiter of several.
 * @module @beeredis/hono
 */
export { CLIENT_IP_HEADERS, clientIp } from "./client-ip.js";
export type { AnyRateLimiter } from "./policies.js";
export { type RateLimitKey, type RateLimitMiddlewareOptions, rateLimit } from "./rate-limit.js";
