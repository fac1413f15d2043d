/**
 * The TCP transport for beeredis, on ioredis (Node; Bun and Deno run it too).
 * @module @beeredis/ioredis
 */
import type { TransportFactory } from "@beeredis/core";
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
  /** Extra ioredis options, applied last (advanced; beeredis' own choices are documented in the README). */
  redisOptions?: Partial<RedisOptions>;
}

/**
 * The TCP transport: `new Registry({ transport: tcp() })`.
 * Accepts `host:port`, `redis://`, `rediss://` (TLS) and unix socket addresses, and Redis Cluster
 * (`registerRedisCluster`) and Sentinel (`registerRedisSentinel`) pools.
 */
export function tcp(options: TcpOptions = {}): TransportFactory {
  const settings = {
    autoPipelining: options.autoPipelining ?? true,
    redisOptions: options.redisOptions ?? {},
  };
  return {
    capabilities: TCP_CAPABILITIES,
    accepts: ["tcp", "unix", "cluster", "sentinel"],
    capabilitiesFor: (endpoint) =>
      endpoint.address.kind === "cluster" ? CLUSTER_CAPABILITIES : TCP_CAPABILITIES,
    create: (endpoint) =>
      endpoint.address.kind === "cluster"
        ? new ClusterTransport(endpoint, settings.redisOptions)
        : new TcpTransport(endpoint, settings),
  };
}

export { CLUSTER_CAPABILITIES } from "./cluster/cluster-transport.js";
export { TCP_CAPABILITIES } from "./tcp-transport.js";
