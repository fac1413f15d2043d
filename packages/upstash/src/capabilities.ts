import type { Capabilities } from "@beeredis/core";

/**
 * What an Upstash REST transport can carry, in one place for `http()` and `fromUpstashClient()`: no WATCH (no
 * connection is held between requests), blocking commands up to `maxBlockingMs`, the database its token maps to.
 * Pub/sub when it can open SSE streams itself.
 */
export function restCapabilities(name: string, maxBlockingMs: number, pubsub: boolean): Capabilities {
  return { name, maxBlockingMs, pubsub, watch: false, databases: false, cluster: false };
}
