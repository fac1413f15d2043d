/**
 * The TCP transport never leaves its database (issue 14, point 6). A connection carries commands only once SELECT
 * succeeded on it: when Redis refuses SELECT (BUSY during a long script, an ACL without +select), commands reject
 * with TransportError and nothing runs in database 0; once Redis accepts SELECT the pool recovers by itself.
 * Every check is made on Redis: which database holds the key.
 */
import {
  type RedisPool,
  Registry,
  type ReplyError,
  TransportError,
  type ValidatedRegistry,
} from "@beeredis/core";
import {
  eventually,
  type FaultProxy,
  type RedisServer,
  rejection,
  startFaultProxy,
  startRedis,
  unhandledRejections,
} from "@beeredis/testkit";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { tcp } from "../src/index.js";

/** A Lua script that runs until SCRIPT KILL. */
const ENDLESS_SCRIPT = "local i = 0 while true do i = i + 1 end";

const unhandled = unhandledRejections();

/** The databases (of the 16) holding `key`, read with a connection of its own. */
async function databasesHolding(admin: Redis, key: string): Promise<number[]> {
  const found: number[] = [];
  for (let db = 0; db < 16; db++) {
    const replies = (await admin.multi().select(db).exists(key).select(0).exec()) as [null, unknown][];
    if (replies[1]![1] === 1) found.push(db);
  }
  return found;
}

/** What `promise` settled with: its value, or the error it rejected with. */
function outcome(promise: Promise<unknown>): Promise<unknown> {
  return promise.catch((error: unknown) => error);
}

/** Expects a TransportError naming the pool, its address and why SELECT failed; returns its message. */
function expectRefused(error: unknown, pool: string, address: string, because: RegExp): string {
  expect(error).toBeInstanceOf(TransportError);
  const message = (error as Error).message;
  expect(message).toContain(`"${pool}"`);
  expect(message).toContain(address);
  expect(message).toMatch(/SELECT 3 failed/);
  expect(message).toMatch(because);
  return message;
}

describe("database pinning (tcp)", () => {
  const registries: ValidatedRegistry[] = [];
  const clients: Redis[] = [];

  async function pool(address: string, options: { username?: string; password?: string } = {}) {
    const registry = await new Registry({ transport: tcp(), commandTimeout: 1000 })
      .registerRedis(address, 3, "pinned", options)
      .validate();
    registries.push(registry);
    return registry.createEngine().getRedis("pinned");
  }

  function client(server: RedisServer, options: { username?: string; password?: string } = {}): Redis {
    const redis = new Redis({ host: server.host, port: server.port, ...options });
    redis.on("error", () => undefined);
    clients.push(redis);
    return redis;
  }

  beforeAll(() => unhandled.start());
  afterEach(async () => {
    await Promise.all(registries.splice(0).map((registry) => registry.close()));
    for (const redis of clients.splice(0)) redis.disconnect();
    expect(unhandled.reasons).toEqual([]);
  });
  afterAll(() => unhandled.stop());

  describe("a reconnect while Redis answers BUSY (a long script)", () => {
    let server: RedisServer;
    let proxy: FaultProxy;

    beforeAll(async () => {
      server = await startRedis({ args: ["--busy-reply-threshold", "50"] });
      proxy = await startFaultProxy({ target: server });
    });
    afterAll(async () => {
      await proxy?.close();
      await server?.stop();
    });

    /** Resolves once `pool` reconnected and met the busy server (the first error naming BUSY). */
    async function untilBusy(redis: RedisPool): Promise<unknown> {
      for (;;) {
        const error = await rejection(redis.get("probe"));
        if (error instanceof Error && /BUSY/.test(error.message)) return error;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }

    it("refuses commands until SELECT 3 succeeds, then writes into database 3, never 0", async () => {
      const admin = client(server);
      const redis = await pool(proxy.url.replace("redis://", ""));
      expect(await redis.set("before", "1")).toBe("OK");
      expect(await databasesHolding(admin, "before")).toEqual([3]);

      const script = client(server)
        .eval(ENDLESS_SCRIPT, 0)
        .catch((error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 100)); // past the busy threshold
      proxy.reset(); // the pool's connection drops and reconnects while the script runs
      const busy = await untilBusy(redis);
      const during = await outcome(redis.set("during", "x"));

      await admin.call("SCRIPT", "KILL");
      expect(String(await script)).toMatch(/killed/i);
      // The pool recovers by itself: writes flow again, into database 3.
      expect(await eventually(() => redis.set("after", "2"))).toBe("OK");
      expect(await databasesHolding(admin, "after")).toEqual([3]);
      expect(await databasesHolding(admin, "during")).toEqual([]);
      const address = `${proxy.host}:${proxy.port}`;
      expectRefused(busy, "pinned", address, /BUSY/);
      expectRefused(during, "pinned", address, /BUSY/);
      expect(await redis.get("before")).toBe("1");
    });
  });

  describe("an ACL user that may not SELECT", () => {
    let server: RedisServer;

    beforeAll(async () => {
      server = await startRedis({
        args: ["--user", "noselect", "on", ">pw-noselect", "~*", "&*", "+@all", "-select"],
      });
    });
    afterAll(() => server?.stop());

    it("every kind of connection refuses with TransportError, nothing lands in database 0, and +select heals it", async () => {
      const admin = client(server);
      const address = `${server.host}:${server.port}`;
      const redis = await pool(address, { username: "noselect", password: "pw-noselect" });
      await admin.rpush("source", "item"); // in database 0: a leaked BLMOVE would move it

      const outcomes = [
        await outcome(redis.set("k", "v")),
        await outcome(redis.incr("counter")),
        await outcome(redis.pipeline().set("p", "1").incr("q").exec()),
        await outcome(redis.blmove("source", "target", "LEFT", "RIGHT", 0.1)),
        await outcome(redis.watch("w", async (tx) => tx.multi().set("w", "1"))),
        await outcome(redis.subscribe("news").ready), // pub/sub is server-wide, but the pool refuses it too
      ];
      for (const key of ["k", "counter", "p", "q", "target", "w"]) {
        expect(await databasesHolding(admin, key)).toEqual([]);
      }
      expect(await admin.lrange("source", 0, -1)).toEqual(["item"]);
      for (const error of outcomes) expectRefused(error, "pinned", address, /NOPERM|permission/i);

      await admin.call("ACL", "SETUSER", "noselect", "+select");
      expect(await eventually(() => redis.set("k", "v"))).toBe("OK");
      expect(await databasesHolding(admin, "k")).toEqual([3]);
      await admin.multi().select(3).rpush("source3", "item3").select(0).exec();
      expect(await redis.blmove("source3", "target", "LEFT", "RIGHT", 1)).toBe("item3");
      expect(await databasesHolding(admin, "target")).toEqual([3]);
      expect(await admin.lrange("source", 0, -1)).toEqual(["item"]);
      const subscription = redis.subscribe("news");
      await subscription.ready;
      await subscription.close();
    });

    it("a user disabled while the pool reconnects: refused until AUTH works again, then back in database 3", async () => {
      const admin = client(server);
      await admin.call("ACL", "SETUSER", "app", "on", ">pw-app", "~*", "&*", "+@all");
      const address = `${server.host}:${server.port}`;
      const redis = await pool(address, { username: "app", password: "pw-app" });
      expect(await redis.set("before", "1")).toBe("OK");

      await admin.call("ACL", "SETUSER", "app", "off");
      expect(Number(await admin.call("CLIENT", "KILL", "USER", "app"))).toBeGreaterThan(0);
      let refused: unknown;
      for (let i = 0; !(refused instanceof TransportError && /WRONGPASS/.test(refused.message)); i++) {
        expect(i, "the pool never met the refused AUTH").toBeLessThan(100);
        refused = await outcome(redis.set("during", "x"));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect((refused as Error).message).toContain(`"pinned" (${address})`);
      expect(((refused as Error).cause as ReplyError).prefix).toBe("WRONGPASS");

      await admin.call("ACL", "SETUSER", "app", "on");
      expect(await eventually(() => redis.set("after", "2"))).toBe("OK");
      expect(await databasesHolding(admin, "after")).toEqual([3]);
      expect(await databasesHolding(admin, "during")).toEqual([]);
    });
  });
});
