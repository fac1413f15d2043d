/**
 * The HTTP transport against @upstash/redis itself, both through the same gateway, and the gateway's own cost
 * against ioredis talking to Redis directly.
 */
import { Registry } from "@beeredis/core";
import { createGateway } from "@beeredis/gateway";
import type { RedisServer } from "@beeredis/testkit";
import { http } from "@beeredis/upstash";
import { Redis as UpstashRedis } from "@upstash/redis";
import { Redis } from "ioredis";
import { type Measurement, measure, report } from "../harness.js";

const TOKEN = "bench-token";

export async function httpSection(server: RedisServer, total: number): Promise<void> {
  const gateway = await createGateway({ redis: server.url, tokens: [{ token: TOKEN }], port: 0 });
  const registry = await new Registry({ transport: http({ token: TOKEN }) })
    .registerRedis(gateway.url, 0)
    .validate();
  const pool = registry.createEngine().getRedis();
  const upstash = new UpstashRedis({ url: gateway.url, token: TOKEN, enableTelemetry: false });
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
  direct.disconnect();
  await registry.close();
  await gateway.close();
}
