/**
 * @module The parts of the outage scenario: a redis-server that can be taken down and brought back on its port,
 * the gateway in front of it, and one rate limiter per transport (TCP straight to Redis, HTTP through the
 * gateway), each with the insurance limiter for the outage.
 */
import { type RateLimiter, Registry, type ValidatedRegistry } from "@beeredis/core";
import { createGateway } from "@beeredis/gateway";
import { tcp } from "@beeredis/ioredis";
import { type LocalRedisServer, startRedis } from "@beeredis/testkit";
import { http } from "@beeredis/upstash";
import type { TransportName } from "./clients.js";

const TOKEN = "outage-token";
/** The limiter under test: 100 per second per key in Redis; 50 per instance while Redis is away. */
export const OUTAGE_LIMIT = 100;
export const OUTAGE_LOCAL_LIMIT = 50;
/** The decision timeout, as a request path would set it (also the default). */
export const DECISION_TIMEOUT_MS = 1000;

export interface OutageRig {
  readonly redis: LocalRedisServer;
  readonly limiters: Record<TransportName, RateLimiter>;
  close(): Promise<void>;
}

export async function startOutageRig(): Promise<OutageRig> {
  const redis = await startRedis();
  const gateway = await createGateway({ redis: redis.url, tokens: [{ token: TOKEN }], port: 0 });
  const registries: ValidatedRegistry[] = [
    await new Registry({ transport: tcp() }).registerRedis(`${redis.host}:${redis.port}`, 0).validate(),
    await new Registry({ transport: http({ token: TOKEN }) }).registerRedis(gateway.url, 0).validate(),
  ];
  const limiterOf = (registry: ValidatedRegistry) =>
    registry.createEngine().getRedis().rateLimiter({
      limit: OUTAGE_LIMIT,
      window: "1s",
      onError: "local",
      localLimit: OUTAGE_LOCAL_LIMIT,
      timeout: DECISION_TIMEOUT_MS,
    });
  return {
    redis,
    limiters: { tcp: limiterOf(registries[0]!), http: limiterOf(registries[1]!) },
    async close() {
      await Promise.all(registries.map((registry) => registry.close()));
      await gateway.close();
      await redis.stop();
    },
  };
}
