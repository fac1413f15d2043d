/** Helpers for cases that need a redis-server of their own (dangerous or server-wide commands). */
import type { RedisPool } from "@beeredis/core";
import { Redis } from "ioredis";
import { type LocalRedisServer, type StartRedisOptions, startRedis } from "../redis-server.js";
import type { ConformanceContext } from "./context.js";

/** A private server with a pool (db 0) of the target under test on it, and a plain ioredis client. */
export interface PrivateServer {
  server: LocalRedisServer;
  pool: RedisPool;
  admin: Redis;
}

/**
 * Starts a redis-server of its own, runs `fn` with a pool of the target on it, then closes everything, so
 * SHUTDOWN, REPLICAOF, CONFIG SET and the like never touch the shared server.
 */
export async function withPrivateServers<T>(
  ctx: ConformanceContext,
  options: readonly StartRedisOptions[],
  fn: (servers: PrivateServer[]) => Promise<T>,
): Promise<T> {
  const started: { server: LocalRedisServer; close: () => Promise<void>; admin: Redis }[] = [];
  try {
    const servers: PrivateServer[] = [];
    for (const option of options) {
      const server = await startRedis(option);
      const admin = new Redis({ host: server.host, port: server.port, protocol: 2, lazyConnect: true });
      admin.on("error", () => {}); // a server stopped by the test (SHUTDOWN) must not fail the run
      const entry = { server, admin, close: async () => {} };
      started.push(entry);
      const registry = await (
        await ctx.target.createRegistry(server, [{ code: "default", db: 0 }])
      ).validate();
      entry.close = () => registry.close();
      servers.push({ server, admin, pool: registry.createEngine().getRedis() });
    }
    return await fn(servers);
  } finally {
    for (const { server, admin, close } of started.reverse()) {
      await close().catch(() => {});
      admin.disconnect();
      await server.stop();
    }
  }
}

/** One private server: see {@link withPrivateServers}. */
export function withPrivateServer<T>(
  ctx: ConformanceContext,
  options: StartRedisOptions,
  fn: (server: PrivateServer) => Promise<T>,
): Promise<T> {
  return withPrivateServers(ctx, [options], ([only]) => fn(only!));
}
