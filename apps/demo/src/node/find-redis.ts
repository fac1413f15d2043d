import { ping, type RedisServer, startRedis } from "@beeredis/testkit";

/** Where the demo's Redis is, and how to let it go. */
export interface DemoRedis {
  /** A `redis://` URL or `host:port`. */
  address: string;
  /** Where it came from, for the console. */
  source: string;
  /** Stops a redis-server the demo spawned; a no-op otherwise. */
  release(): Promise<void>;
}

/**
 * REDIS_URL if set; else 127.0.0.1:6379 if it answers; else a redis-server spawned from PATH on a free port.
 * @throws Error saying what to install when none of these is possible.
 */
export async function findRedis(): Promise<DemoRedis> {
  const fromEnv = process.env.REDIS_URL;
  if (fromEnv) return { address: fromEnv, source: "REDIS_URL", release: async () => {} };
  if (await ping("127.0.0.1", 6379)) {
    return { address: "127.0.0.1:6379", source: "the local Redis on port 6379", release: async () => {} };
  }
  let server: RedisServer;
  try {
    server = await startRedis();
  } catch (error) {
    throw new Error(
      "No Redis found: REDIS_URL is not set, nothing answers on 127.0.0.1:6379, and redis-server could not be " +
        `started (${(error as Error).message}).\nInstall Redis (Debian/Ubuntu: apt-get install -y redis-server; ` +
        "macOS: brew install redis) or set REDIS_URL=redis://host:port.",
    );
  }
  return {
    address: `${server.host}:${server.port}`,
    source: `a redis-server spawned on port ${server.port}`,
    release: () => server.stop(),
  };
}
