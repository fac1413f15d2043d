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
  skip: [
    {
      reason:
        "Redis Cluster serves database 0 only, so the suite's second pool (database 3) is database 0 too",
      tests: [
        "registry: pool config getters describe each pool",
        "registry: pools on database 0 and 3 are isolated",
        "registry: validate rejects a duplicate code, a bad address and database 16 with ConfigError",
        "server: flushdb empties the pool's database only; flushall empties every database",
        "keys: move sends a key to another database",
      ],
    },
    {
      reason:
        "keys in different hash slots: Redis Cluster refuses the command with CROSSSLOT (only MGET, MSET, DEL, EXISTS, UNLINK and TOUCH are split); the case uses keys without a common hash tag",
      tests: [
        "bitmaps: bitop AND, OR, XOR and NOT store the result and return its length",
        "geo: georadiusStore and georadiusbymemberStore store members or distances",
        "geo: geosearchstore stores members or distances",
        "hyperloglog: pfcount estimates within the standard error, and of the union for several keys",
        "hyperloglog: pfmerge stores the union",
        "keys: type, rename and renamenx",
        "lists: a wrong type gives ReplyError with prefix WRONGTYPE",
        "lists: blmpop pops at once, waits for a push, or times out",
        "lists: blpop and brpop return at once when a list has elements, null on timeout",
        "lists: brpoplpush and blmove move an element at once, or when one is pushed, or time out",
        "lists: byte variants keep every byte",
        "lists: list commands work in pipelines and transactions",
        "lists: lmove and rpoplpush",
        "lists: lmpop pops from the first non-empty list",
        "sets: a wrong type gives ReplyError with prefix WRONGTYPE",
        "sets: sdiff, sinter and sunion with their store variants",
        "sets: sintercard counts the intersection, with an optional limit",
        "sets: smove moves one member between sets",
        "sorted sets: bzmpop pops at once, waits for a member, and returns null on timeout",
        "sorted sets: bzpopmin and bzpopmax return at once when a key has members, null on timeout",
        "sorted sets: plain sets take part with a score of 1",
        "sorted sets: zdiff, zdiffWithScores and zdiffstore",
        "sorted sets: zinter, zinterWithScores and zinterstore with weights and aggregate",
        "sorted sets: zintercard counts the intersection, up to a limit",
        "sorted sets: zmpop pops from the first non-empty key",
        "sorted sets: zrangestore stores a rank, score or lex range",
        "sorted sets: zunion, zunionWithScores and zunionstore with weights and aggregate",
        "streams: xread returns the entries after each ID per stream, or null",
        "string extras: lcs, lcsLen and lcsIdx",
        "strings: mget, mset and msetnx",
        "watch: gives up with WatchConflictError after maxAttempts, writing nothing",
        "watch: without a conflict fn runs once and the queued writes apply atomically, each with its result",
      ],
    },
    {
      reason: "SORT ... BY and GET patterns are refused by Redis in cluster mode",
      tests: ["keys: sort, sortRo and sortStore: numeric, alpha, desc, limit, by and get"],
    },
    {
      reason:
        "the case checks one server's clients, connections, CONFIG, ROLE or MONITOR (through ctx.admin or a direct connection), while a cluster spreads them over 3 masters (INFO counters are summed over the masters, so checks on those pass)",
      tests: [
        "call: call with a right argument count is sent and answered",
        "lists: blpop returns the element another client pushes while it waits",
        "pubsub: a subscriber receives what a publisher sends, in order, and breaking out unsubscribes and disconnects",
        "rate limiter: after SCRIPT FLUSH a decision falls back to EVAL once, then uses EVALSHA again",
        "rate limiter: one round trip per decision: evalsha calls equal decisions, and the client sends nothing else",
        "scripting: script() falls back to EVAL on NOSCRIPT, then uses EVALSHA",
        "server: clientId, clientInfo, clientList, clientSetname and clientGetname",
        "server: clientKill closes another connection by id or address",
        "server: clientNoEvict, clientGetredir, clientTrackinginfo and clientHelp",
        "server: clientUnblock wakes a blocked client, as a timeout or with an error",
        "server: configGet reads parameters by pattern; configHelp",
        "server: lastsave, role, lolwut and wait",
        "sorted sets: bad arguments throw InvalidArgumentError and nothing is sent",
        "sorted sets: bzpopmin returns when another client adds a member while it waits",
        "functions: functionStats reports engines and the running function; functionKill stops it",
        "watch: runs on a dedicated connection: the pool's own MULTI is unaffected by the WATCH, and no connection leaks",
      ],
    },
    {
      reason:
        "pub/sub on a cluster is per node: PUBLISH counts the receivers on the node it is sent to, PUBSUB introspection answers for one node, and the case publishes through ctx.admin (ioredis sends each PUBLISH to any node), so messages arrive through different nodes in no guaranteed order",
      tests: [
        "pubsub: a consumer that falls more than maxBuffered behind gets the waiting messages, then TransportError",
        "pubsub: psubscribe delivers the matching pattern with each message; pubsubNumpat",
        "pubsub: ready resolves once subscribed; several channels; publish counts receivers",
      ],
    },
    {
      reason:
        "a keyless command that one node answers (RANDOMKEY, MEMORY STATS) may reach a master holding none of the case's keys",
      tests: [
        "keys: keys, randomkey and copy",
        "server: memoryUsage, memoryStats, memoryDoctor, memoryMallocStats, memoryPurge and memoryHelp",
      ],
    },
    {
      reason: "the case expects a server without cluster support",
      tests: ["cluster: on a server without cluster support every CLUSTER subcommand is a ReplyError"],
    },
  ],
});
