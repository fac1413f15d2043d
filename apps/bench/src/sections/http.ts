/**
 * The HTTP transport against @upstash/redis itself, both through the same gateway; the gateway's own cost against
 * the smallest REST server @upstash/redis runs against (bare-rest-server.ts) and against ioredis talking to Redis
 * directly; and rate-limit decisions against @upstash/ratelimit, unchanged, through the same gateway.
 */
import { type RedisPool, Registry } from "@beeredis/core";
import { createGateway } from "@beeredis/gateway";
import type { RedisServer } from "@beeredis/testkit";
import { http } from "@beeredis/upstash";
import { Ratelimit } from "@upstash/ratelimit";
import { Redis as UpstashRedis } from "@upstash/redis";
import { Redis } from "ioredis";
import { type Measurement, measure, report } from "../harness.js";
import { startBareRestServer } from "./bare-rest-server.js";

const TOKEN = "bench-token";

export async function httpSection(server: RedisServer, total: number): Promise<void> {
  const gateway = await createGateway({ redis: server.url, tokens: [{ token: TOKEN }], port: 0 });
  const registry = await new Registry({ transport: http({ token: TOKEN }) })
    .registerRedis(gateway.url, 0)
    .validate();
  const pool = registry.createEngine().getRedis();
  const upstash = new UpstashRedis({ url: gateway.url, token: TOKEN, enableTelemetry: false });
  const bare = await startBareRestServer(server.url, TOKEN);
  const upstashBare = new UpstashRedis({ url: bare.url, token: TOKEN, enableTelemetry: false });
  const direct = new Redis({ host: server.host, port: server.port, enableAutoPipelining: true });
  await pool.set("bench:value", "x".repeat(64));
  const httpTotal = Math.max(1000, Math.floor(total / 4)); // HTTP round trips cost far more than TCP ones

  for (const inFlight of [1, 50]) {
    const opts = { inFlight, total: httpTotal };
    const rows: Measurement[] = [];
    rows.push(
      await measure("@upstash/redis (auto-pipelining)", opts, (i) =>
        i % 2 ? upstash.get("bench:value") : upstash.set(`bench:${i % 1000}`, "v"),
      ),
    );
    rows.push(
      await measure("@upstash/redis through a bare REST server (no policy)", opts, (i) =>
        i % 2 ? upstashBare.get("bench:value") : upstashBare.set(`bench:${i % 1000}`, "v"),
      ),
    );
    rows.push(
      await measure("beeredis http (auto-pipelining)", opts, (i) =>
        i % 2 ? pool.get("bench:value") : pool.set(`bench:${i % 1000}`, "v"),
      ),
    );
    rows.push(
      await measure("ioredis direct, no gateway", opts, (i) =>
        i % 2 ? direct.get("bench:value") : direct.set(`bench:${i % 1000}`, "v"),
      ),
    );
    report(`HTTP GET/SET through the gateway, ${inFlight} in flight, ${httpTotal} ops`, rows);
  }
  await rateLimitDecisions(pool, upstash, httpTotal);
  direct.disconnect();
  await bare.close();
  await registry.close();
  await gateway.close();
}

/** Rate-limit decisions over HTTP: beeredis' exact sliding log against @upstash/ratelimit's sliding window. */
async function rateLimitDecisions(pool: RedisPool, upstash: UpstashRedis, total: number): Promise<void> {
  const theirs = new Ratelimit({
    redis: upstash,
    limiter: Ratelimit.slidingWindow(100, "60 s"),
    ephemeralCache: false,
    analytics: false,
  });
  const ours = pool.rateLimiter({ limit: 100, window: "60s" });
  for (const inFlight of [1, 50]) {
    const opts = { inFlight, total };
    const rows: Measurement[] = [];
    rows.push(
      await measure("@upstash/ratelimit slidingWindow", opts, (i) => theirs.limit(`u:${i % 10_000}`)),
    );
    rows.push(
      await measure("beeredis http rateLimiter (sliding-log)", opts, (i) => ours.limit(`b:${i % 10_000}`)),
    );
    report(`HTTP rate-limit decisions over 10k keys, ${inFlight} in flight, ${total} decisions`, rows);
  }
}
