/**
 * Pools set up wrong in ways no connect-time check catches: a database-0 pool without the login its server requires
 * (no SELECT on connect to be refused first), an address where something other than Redis listens, a Redis
 * Cluster node registered as a standalone server and the other way round, Sentinel pools naming a master the
 * Sentinels do not know or a Redis server as a Sentinel, and a Sentinel registered as a Redis server.
 * Each gets a TransportError naming the pool, the address and what to check, at once, on every way in.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ConfigError, Registry, ReplyError, TransportError } from "@beeredis/core";
import { type RedisServer, startCluster, startRedis, startSentinel } from "@beeredis/testkit";
import { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tcp } from "../src/index.js";

const PASSWORD = "login-pa55word";

describe("misconfigured pools (tcp)", () => {
  let server: RedisServer;
  let admin: Redis;

  beforeAll(async () => {
    server = await startRedis({ args: ["--requirepass", PASSWORD] });
    admin = new Redis({ host: server.host, port: server.port, password: PASSWORD });
  });
  afterAll(async () => {
    admin.disconnect();
    await server.stop();
  });

  it("a database-0 pool without a login: a TransportError saying so on commands, pipelines, transactions and scripts, and nothing runs", async () => {
    const registry = await new Registry({ transport: tcp() })
      .registerRedis(`${server.host}:${server.port}`, 0)
      .validate();
    const pool = registry.createEngine().getRedis();
    const label = `Redis pool "default" (${server.host}:${server.port})`;
    const failures = [
      await pool.set("nologin:set", "v").catch((e: unknown) => e),
      await pool
        .pipeline()
        .set("nologin:pipeline", "v")
        .get("nologin:pipeline")
        .exec()
        .catch((e: unknown) => e),
      await pool
        .multi()
        .set("nologin:multi", "v")
        .exec()
        .catch((e: unknown) => e),
      await pool
        .script("return redis.call('SET', KEYS[1], 'v')", ["nologin:script"])
        .catch((e: unknown) => e),
      await pool.rateLimit("nologin:limit", "1m", 5).catch((e: unknown) => e),
    ];
    for (const error of failures) {
      expect(error).toBeInstanceOf(TransportError);
      expect((error as TransportError).message).toBe(
        `${label}: authentication failed (NOAUTH Authentication required.). Check the pool's username and password. Redis ran nothing.`,
      );
      expect((error as TransportError).unreachable).toBe(false);
      const cause = (error as Error & { cause?: unknown }).cause;
      expect(cause).toBeInstanceOf(ReplyError);
      expect((cause as ReplyError).prefix).toBe("NOAUTH");
    }
    expect(await admin.keys("nologin:*")).toEqual([]);
    await registry.close();
  });

  it("validate({ connect }) of a database-0 pool without a login: one line with the pool, the address and the hint", async () => {
    const registry = new Registry({ transport: tcp() }).registerRedis(`${server.host}:${server.port}`, 0);
    const error = (await registry.validate({ connect: true }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(
      `Redis connection check failed: pool "default" (${server.host}:${server.port}): authentication failed (NOAUTH Authentication required.). Check the pool's username and password.`,
    );
  });

  it("the same login given: the pool works, and a script's own NOAUTH or MOVED error stays its ReplyError", async () => {
    const registry = await new Registry({ transport: tcp() })
      .registerRedis(`redis://:${PASSWORD}@${server.host}:${server.port}`, 0)
      .validate({ connect: true });
    const pool = registry.createEngine().getRedis();
    expect(await pool.set("login:ok", "v")).toBe("OK");
    expect(await admin.get("login:ok")).toBe("v");
    for (const text of ["NOAUTH forged", "MOVED 1 10.0.0.1:7000"]) {
      const error = await pool.script(`return redis.error_reply('${text}')`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReplyError);
      expect((error as ReplyError).message).toBe(text);
    }
    await registry.close();
  });

  it("an address where an HTTP server listens: a TransportError that says it is not Redis, each time, with no library internals", async () => {
    const web: Server = createServer((_, res) => {
      res.writeHead(404, { "content-type": "text/html" });
      res.end("<html>not found</html>");
    });
    await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
    const address = `127.0.0.1:${(web.address() as AddressInfo).port}`;
    const registry = await new Registry({ transport: tcp() }).registerRedis(address, 0).validate();
    const pool = registry.createEngine().getRedis();
    for (let attempt = 0; attempt < 3; attempt++) {
      const error = (await pool.get("k").catch((e: unknown) => e)) as TransportError;
      expect(error).toBeInstanceOf(TransportError);
      expect(error.reason).toBe("the server does not speak the Redis protocol");
      expect(error.message).toMatch(
        new RegExp(
          // The first attempt's own error, then the open circuit's (see core's circuit.ts), with the same words.
          `^Redis pool "default" \\(${address}\\)(:| is unreachable:) the server does not speak the Redis protocol\\. Is a Redis server listening on this port\\? An http\\(s\\):// endpoint \\(Upstash, the beeredis gateway\\) needs the HTTP transport\\.`,
        ),
      );
      expect(error.message).not.toMatch(/RESP|report this|ioredis|offline ?queue/i);
    }
    await registry.close();
    await new Promise((resolve) => web.close(resolve));
  });

  it("a cluster node registered with registerRedis(): a key of another node's slot gets a TransportError that says to register the cluster, and nothing runs", async () => {
    const cluster = await startCluster({ masters: 3, replicasPerMaster: 0 });
    try {
      const node = cluster.nodes[0]!;
      const registry = await new Registry({ transport: tcp() }).registerRedis(node.address, 0).validate();
      const pool = registry.createEngine().getRedis();
      // Keys spread over the slots: two thirds live on the other nodes, whose slots answer MOVED here.
      const keys = Array.from({ length: 12 }, (_, i) => `moved:${i}`);
      const outcomes = await Promise.all(keys.map((key) => pool.set(key, "v").catch((e: unknown) => e)));
      const movedKey = keys.find((_, i) => outcomes[i] !== "OK");
      expect(movedKey).toBeDefined();
      const refused = [
        ...outcomes.filter((outcome) => outcome !== "OK"),
        await pool
          .multi()
          .set(movedKey!, "v")
          .exec()
          .catch((e: unknown) => e),
      ];
      for (const error of refused) {
        expect(error).toBeInstanceOf(TransportError);
        expect((error as TransportError).message).toMatch(
          new RegExp(
            `^Redis pool "default" \\(${node.address}\\): the server is a Redis Cluster node \\(MOVED \\d+ [\\d.:]+\\)\\. Register the cluster with registerRedisCluster\\(\\), not registerRedis\\(\\)\\. Redis ran nothing\\.$`,
          ),
        );
        expect((error as Error & { cause?: unknown }).cause).toBeInstanceOf(ReplyError);
      }
      // Nothing ran for the refused keys: each is still missing on the node that owns it.
      const [host, port] = node.address.split(":");
      const reader = new Cluster([{ host: host!, port: Number(port) }]);
      const stored = await Promise.all(
        keys.filter((_, i) => outcomes[i] !== "OK").map((key) => reader.get(key)),
      );
      expect(stored.filter((value) => value !== null)).toEqual([]);
      reader.disconnect();
      await registry.close();
    } finally {
      await cluster.stop();
    }
  });

  it("a standalone server registered with registerRedisCluster(): a TransportError that says it is not a cluster node, from the first command on, long before its timeout", async () => {
    // A command timeout the test would outlive: the first command, held in the Cluster's queue, must not wait it out.
    const registry = await new Registry({ transport: tcp(), commandTimeout: 60_000 })
      .registerRedisCluster([`${server.host}:${server.port}`], "default", { password: PASSWORD })
      .validate();
    const pool = registry.createEngine().getRedis();
    const concurrent = await Promise.all(
      Array.from({ length: 20 }, (_, i) => pool.get(`k${i}`).catch((e: unknown) => e)),
    );
    for (const error of concurrent) {
      expect((error as TransportError).reason).toBe("the server is not a cluster node");
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      const error = (await pool.get("k").catch((e: unknown) => e)) as TransportError;
      expect(error).toBeInstanceOf(TransportError);
      expect(error.reason).toBe("the server is not a cluster node");
      expect(error.message).toMatch(/Register it with registerRedis\(\), not registerRedisCluster\(\)\./);
      expect(error.sent).toBe(false); // once a node said so, nothing is handed to the Cluster
    }
    await registry.close();
  });

  it("Sentinel pools naming an unknown master, a Redis server as a Sentinel, or a Sentinel as a Redis server: a TransportError saying which", async () => {
    const sentinel = await startSentinel();
    try {
      for (const [name, sentinels, reason] of [
        ["no-such-master", sentinel.sentinels, "the Sentinels know no master by this name"],
        [
          sentinel.masterName,
          [`${server.host}:${server.port}`],
          "a Sentinel address is a plain Redis server",
        ],
      ] as const) {
        const registry = await new Registry({ transport: tcp() })
          .registerRedisSentinel(name, 0, [...sentinels])
          .validate();
        const pool = registry.createEngine().getRedis();
        for (let attempt = 0; attempt < 2; attempt++) {
          const error = (await pool.set("k", "v").catch((e: unknown) => e)) as TransportError;
          expect(error).toBeInstanceOf(TransportError);
          expect(error.reason, name).toBe(reason);
          expect(error.sent).toBe(false);
        }
        await registry.close();
      }
      // A Sentinel's address registered as a Redis server: database 0 meets it on the first command, another
      // database on the SELECT at connect. Either way the pool says what the address is, and nothing runs.
      const [host, port] = sentinel.sentinels[0]!.split(":");
      for (const db of [0, 2]) {
        const registry = await new Registry({ transport: tcp() })
          .registerRedis(`redis://${host}:${port}`, db)
          .validate();
        const pool = registry.createEngine().getRedis();
        for (const call of [
          () => pool.set("k", "v"),
          () => pool.get("k"),
          () => pool.pipeline().incr("n").exec(),
        ]) {
          const error = (await call().catch((e: unknown) => e)) as TransportError;
          expect(error, `db ${db}`).toBeInstanceOf(TransportError);
          expect(error.message).toMatch(
            /the server is a Redis Sentinel, not a Redis server.*Register the master it watches with registerRedisSentinel\(masterName, db, sentinels\), not registerRedis\(\)\./,
          );
        }
        await registry.close();
      }
      for (const db of [0, 2]) {
        const master = new Redis(`redis://${await sentinel.master()}/${db}`);
        expect(await master.exists("k", "n")).toBe(0);
        master.disconnect();
      }
    } finally {
      await sentinel.stop();
    }
  });
});
