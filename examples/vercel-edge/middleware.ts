/**
 * Next.js middleware (Vercel's Edge runtime): every /api request is rate limited per client IP before it reaches
 * a route, over the HTTP transport (Upstash, or @beeredis/gateway in front of your own Redis).
 * Set REDIS_URL and REDIS_TOKEN in the project's environment variables.
 */
import { LiteRegistry, type RateLimiter } from "@beeredis/core";
import { http } from "@beeredis/upstash";

export const config = { matcher: "/api/:path*" };

const LIMIT = 20;
const WINDOW_SECONDS = 10;

let limiter: Promise<RateLimiter> | undefined;

/** One limiter per edge isolate, made on first use: LiteRegistry keeps the bundle small (no method per command). */
function getLimiter(): Promise<RateLimiter> {
  limiter ??= new LiteRegistry({ transport: http({ token: process.env.REDIS_TOKEN }) })
    .registerRedis(process.env.REDIS_URL ?? "", 0)
    .validate()
    .then((registry) =>
      registry
        .createEngine()
        .getRedis()
        .rateLimiter({
          algorithm: "sliding-window",
          limit: LIMIT,
          window: WINDOW_SECONDS * 1000,
          // A client already denied is answered in the isolate, without a round trip, until it may retry.
          localCache: true,
        }),
    );
  return limiter;
}

/** Vercel puts the client's address in x-real-ip (and first in x-forwarded-for). */
function clientIp(request: Request): string {
  return (
    request.headers.get("x-real-ip") ??
    request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ??
    "unknown"
  );
}

/** Lets the request through (returns nothing), or answers 429 with Retry-After and the RateLimit headers. */
export async function middleware(request: Request): Promise<Response | undefined> {
  const result = await (await getLimiter()).limit(`ip:${clientIp(request)}`);
  if (result.allowed) return undefined; // as NextResponse.next()
  return new Response("Too Many Requests", {
    status: 429,
    headers: {
      "Retry-After": String(Math.max(1, Math.ceil(result.retryAfterMs / 1000))),
      // draft-ietf-httpapi-ratelimit-headers-10
      "RateLimit-Policy": `"default";q=${LIMIT};w=${WINDOW_SECONDS}`,
      RateLimit: `"default";r=${result.remaining};t=${Math.ceil(result.resetAfterMs / 1000)}`,
    },
  });
}
