// Type-checked with a user's defaults: `tsc --strict` (target ES5, CommonJS, node10 resolution), and again with
// `--module nodenext` (the `exports` map). Every package's types load; the README's calls type-check.
import { LiteRegistry, type Lock, Minute, type RateLimitResult, Registry } from "@beeredis/core";
import { createGateway, type GatewayOptions } from "@beeredis/gateway";
import { rateLimit } from "@beeredis/hono";
import { tcp } from "@beeredis/ioredis";
import { instrument } from "@beeredis/otel";
import { type RedisServer, startRedis } from "@beeredis/testkit";
import { http } from "@beeredis/upstash";
import { Hono } from "hono";

export async function readme(server: RedisServer, options: GatewayOptions): Promise<RateLimitResult> {
  const registry = instrument(new Registry({ transport: tcp() }));
  registry.registerRedis(`${server.host}:${server.port}`, 0, "default", { namespace: "app1" });
  const pool = (await registry.validate()).createEngine().getRedis();
  const value: string | null = await pool.get("my-key");
  const lock: Lock | null = await pool.getLocker().obtain("test_lock", Minute, 0);
  const gateway = await createGateway(options);
  const lite = await new LiteRegistry({ transport: http({ token: "t" }) })
    .registerRedis(gateway.url, 0)
    .validate();
  const limiter = lite.createEngine().getRedis().rateLimiter({ limit: 1, window: "1m" });
  new Hono().use(rateLimit({ limiter }));
  console.log(value, lock?.fencingToken, startRedis);
  return limiter.limit("k");
}
