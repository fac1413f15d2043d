/**
 * The TCP transport for beeredis, on ioredis (Node; Bun and Deno run it too).
 * @module @beeredis/ioredis
 */
import { type Capabilities, InvalidArgumentError, type TransportFactory } from "@beeredis/core";
import type { RedisOptions } from "ioredis";
import { CLUSTER_CAPABILITIES, ClusterTransport } from "./cluster/cluster-transport.js";
import { TCP_CAPABILITIES, TcpTransport } from "./tcp-transport.js";

/** Options of {@link tcp}. */
export interface TcpOptions {
  /**
   * Send commands issued in the same event-loop turn in one socket write.
   * @default true
   */
  autoPipelining?: boolean;
  /**
   * Longest server-side block (BLPOP, XREAD BLOCK, WAIT...) a pool accepts, in ms; a longer one (or one that
   * blocks forever) rejects with `UnsupportedError` before anything is sent. For a server in front of Redis
   * (such as `@beeredis/gateway`) whose callers must get an answer within a request's time.
   * @default Infinity
   */
  maxBlockingMs?: number;
  /** Extra ioredis options, applied last (advanced; beeredis' own choices are documented in the README). */
  redisOptions?: Partial<RedisOptions>;
}

/**
 * The TCP transport: `new Registry({ transport: tcp() })`.
 * Accepts `host:port`, `redis://`, `rediss://` (TLS) and unix socket addresses, and Redis Cluster
 * (`registerRedisCluster`) and Sentinel (`registerRedisSentinel`) pools.
 * @throws InvalidArgumentError for a `maxBlockingMs` that is not a number of ms >= 0.
 */
export function tcp(options: TcpOptions = {}): TransportFactory {
  const settings = {
    autoPipelining: options.autoPipelining ?? true,
    redisOptions: options.redisOptions ?? {},
  };
  const standalone = limitBlocking(TCP_CAPABILITIES, options.maxBlockingMs);
  const cluster = limitBlocking(CLUSTER_CAPABILITIES, options.maxBlockingMs);
  return {
    capabilities: standalone,
    accepts: ["tcp", "unix", "cluster", "sentinel"],
    capabilitiesFor: (endpoint) => (endpoint.address.kind === "cluster" ? cluster : standalone),
    create: (endpoint) =>
      endpoint.address.kind === "cluster"
        ? new ClusterTransport(endpoint, settings.redisOptions)
        : new TcpTransport(endpoint, settings),
  };
}

function limitBlocking(capabilities: Capabilities, maxBlockingMs: number | undefined): Capabilities {
  if (maxBlockingMs === undefined) return capabilities;
  if (typeof maxBlockingMs !== "number" || !(maxBlockingMs >= 0)) {
    throw new InvalidArgumentError(
      `tcp: maxBlockingMs must be a number of ms >= 0 (Infinity for no limit), got ${String(maxBlockingMs)}.`,
    );
  }
  return { ...capabilities, maxBlockingMs };
}

export { CLUSTER_CAPABILITIES } from "./cluster/cluster-transport.js";
export { TCP_CAPABILITIES } from "./tcp-transport.js";
