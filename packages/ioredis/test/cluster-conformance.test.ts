import { Registry } from "@beeredis/core";
import { type RedisServer, startCluster } from "@beeredis/testkit";
import { runConformance } from "@beeredis/testkit/conformance";
import { Cluster, Redis } from "ioredis";
import { tcp } from "../src/index.js";
import { clusterAdmin } from "./cluster-admin.js";

/** The cluster the suite runs on; cases that start private standalone servers get a plain TCP pool there. */
let clusterServer: RedisServer | undefined;
let clusterAddresses: string[] = [];

runConformance("tcp cluster", {
  async start() {
    const cluster = await startCluster({ masters: 3, replicasPerMaster: 1 });
    clusterAddresses = cluster.addresses;
    const first = cluster.nodes[0]!;
    const admin = new Cluster([{ host: first.host, port: first.port }], { redisOptions: { protocol: 2 } });
    admin.on("error", () => undefined);
    const direct = new Map(
      cluster.nodes.map((node) => [node.address, new Redis({ host: node.host, port: node.port })]),
    );
    let masters = await cluster.masters();
    const server: RedisServer = {
      host: first.host,
      port: first.port,
      url: first.server.url,
      async stop() {
        admin.disconnect();
        for (const client of direct.values()) client.disconnect();
        await cluster.stop();
      },
      async restart() {
        throw new Error("a cluster is not restarted by the conformance suite");
      },
    };
    clusterServer = server;
    return {
      server,
      // ioredis' Cluster routes each admin check to the key's node; the cases only use the Redis-typed subset.
      admin: clusterAdmin(admin, () => masters.map((node) => direct.get(node.address)!)),
      async reset() {
        masters = await cluster.masters();
        await Promise.all(masters.map((node) => direct.get(node.address)!.flushall()));
      },
    };
  },
  createRegistry(server, pools, options) {
    const registry = new Registry({ transport: tcp() });
    for (const { code, db } of pools) {
      if (server === clusterServer) registry.registerRedisCluster(clusterAddresses, code, options);
      else registry.registerRedis(`${server.host}:${server.port}`, db, code, options);
    }
    return registry;
  },
});
