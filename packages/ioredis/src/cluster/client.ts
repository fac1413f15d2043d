import type { Endpoint } from "@beeredis/core";
import { Cluster, type ClusterOptions, type RedisOptions } from "ioredis";
import { redisOptions } from "../options.js";

/**
 * ioredis' Cluster, with one fix: it refreshes its slot table on a duplicate of a node connection, which inherits
 * `stringNumbers` and would then compare slot numbers as strings. The refresher gets numbers back.
 */
class BeeCluster extends Cluster {}
const proto = Cluster.prototype as unknown as {
  getInfoFromNode(redis: { duplicate(o: object): unknown } | undefined, callback: unknown): unknown;
};
const getInfoFromNode = proto.getInfoFromNode;
(BeeCluster.prototype as unknown as typeof proto).getInfoFromNode = function (redis, callback) {
  const node = redis && {
    duplicate: (override: object) => redis.duplicate({ ...override, stringNumbers: false }),
  };
  return getInfoFromNode.call(this, node, callback);
};

/**
 * The options of every node connection: beeredis' usual ones, minus what the Cluster decides itself. A cluster
 * serves database 0 only, so its node connections need no database pin, and they keep ioredis' offline queue:
 * the Cluster hands a command to a node connection that may still be connecting.
 */
export function nodeOptions(endpoint: Endpoint, overrides: Partial<RedisOptions>): RedisOptions {
  const { host, port, path, db, retryStrategy, lazyConnect, enableOfflineQueue, ...rest } = redisOptions(
    endpoint,
    overrides,
  );
  return rest;
}

/** Options of a plain connection to one node (dedicated connections, subscriptions). */
export function singleNodeOptions(
  endpoint: Endpoint,
  overrides: Partial<RedisOptions>,
  address: string,
): RedisOptions {
  const index = address.lastIndexOf(":");
  const base = redisOptions(endpoint, overrides);
  return { ...base, host: address.slice(0, index), port: Number(address.slice(index + 1)), db: 0 };
}

/** A lazily connecting ioredis Cluster for a `cluster` endpoint. */
export function createCluster(endpoint: Endpoint, overrides: Partial<RedisOptions>): Cluster {
  if (endpoint.address.kind !== "cluster") throw new Error("not a cluster endpoint");
  const options: ClusterOptions = {
    redisOptions: nodeOptions(endpoint, overrides),
    lazyConnect: true,
    enableReadyCheck: true,
    scaleReads: "master",
    maxRedirections: 16,
    // A command lost with its connection may have run: never re-send it (an INCR would count twice). Commands
    // the server refused (MOVED, ASK, TRYAGAIN, CLUSTERDOWN) never ran and are retried.
    retryDelayOnFailover: 0,
    retryDelayOnClusterDown: 100,
    retryDelayOnTryAgain: 100,
    // Notice a failover within a second even when no MOVED reply tells.
    slotsRefreshInterval: 1000,
    slotsRefreshTimeout: endpoint.connectTimeoutMs,
    clusterRetryStrategy: (attempt) => Math.min(100 * attempt, 2000),
  };
  const cluster = new BeeCluster(
    endpoint.address.nodes.map(({ host, port }) => ({ host, port })),
    // The node options' replyMapping union is wider than the constructor's overloads accept; it is never set.
    options as never,
  );
  cluster.on("error", () => undefined);
  cluster.on("node error", () => undefined);
  return cluster;
}
