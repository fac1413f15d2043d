/** @module The client's IP address, as the platforms in front of a Hono app report it. */

/**
 * Headers that carry the client's address, in the order they are trusted: Cloudflare's, then the one Vercel and
 * most reverse proxies set, then the first hop of `X-Forwarded-For`.
 */
export const CLIENT_IP_HEADERS = ["cf-connecting-ip", "x-real-ip", "x-forwarded-for"] as const;

/**
 * The client's IP address from {@link CLIENT_IP_HEADERS}, or `undefined` when none is set.
 * These headers are only as trustworthy as the proxy that sets them: behind Cloudflare or Vercel they are
 * overwritten by the platform; a server reached directly must not trust them (pass your own `key` instead).
 */
export function clientIp(c: { req: { header(name: string): string | undefined } }): string | undefined {
  for (const name of CLIENT_IP_HEADERS) {
    const value = c.req.header(name);
    const first = value?.split(",")[0]?.trim();
    if (first) return first;
  }
  return undefined;
}
