import { InvalidArgumentError, ReplyError } from "@beeredis/core";
import { expect } from "vitest";
import { startRedis } from "../redis-server.js";
import { commandCalls } from "./commandstats.js";
import type { Cases } from "./context.js";
import { ONE_NODE, SEVERAL_DATABASES, SINGLE_SLOT_KEYS, SORT_PATTERNS } from "./needs.js";
import { withPrivateServer, withPrivateServers } from "./private-server.js";

export const keyCases: Cases = (ctx, it) => {
  it("del, unlink, exists and touch count keys", async () => {
    await ctx.admin.mset("a", "1", "b", "2", "c", "3");
    expect(await ctx.pool.exists("a", "b", "missing")).toBe(2);
    expect(await ctx.pool.touch("a", "missing")).toBe(1);
    expect(await ctx.pool.del("a", "missing")).toBe(1);
    expect(await ctx.pool.unlink("b", "c")).toBe(2);
    expect(await ctx.pool.exists("a", "b", "c")).toBe(0);
    await expect(ctx.pool.del()).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it("expire, pexpire, expireat, pexpireat, ttl, pttl, persist, expiretime", async () => {
    await ctx.admin.set("k", "v");
    expect(await ctx.pool.ttl("k")).toBe(-1);
    expect(await ctx.pool.ttl("missing")).toBe(-2);
    expect(await ctx.pool.expire("k", 100)).toBe(true);
    expect(await ctx.pool.ttl("k")).toBeGreaterThan(90);
    expect(await ctx.pool.expire("k", 50, "GT")).toBe(false);
    expect(await ctx.pool.pexpire("k", 200_000)).toBe(true);
    expect(await ctx.pool.pttl("k")).toBeGreaterThan(190_000);
    const at = Math.floor(Date.now() / 1000) + 500;
    expect(await ctx.pool.expireat("k", at)).toBe(true);
    expect(await ctx.pool.expiretime("k")).toBe(at);
    expect(await ctx.pool.pexpireat("k", at * 1000 + 123)).toBe(true);
    expect(await ctx.pool.pexpiretime("k")).toBe(at * 1000 + 123);
    expect(await ctx.pool.persist("k")).toBe(true);
    expect(await ctx.pool.ttl("k")).toBe(-1);
    expect(await ctx.pool.expire("missing", 10)).toBe(false);
    await expect(ctx.pool.expire("k", 10, "SOMETIMES" as never)).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it("type, rename and renamenx", SINGLE_SLOT_KEYS, async () => {
    await ctx.admin.set("s", "v");
    await ctx.admin.lpush("l", "x");
    expect(await ctx.pool.type("s")).toBe("string");
    expect(await ctx.pool.type("l")).toBe("list");
    expect(await ctx.pool.type("missing")).toBe("none");
    expect(await ctx.pool.rename("s", "s2")).toBe("OK");
    expect(await ctx.pool.renamenx("s2", "l")).toBe(false);
    expect(await ctx.pool.renamenx("s2", "s3")).toBe(true);
    await expect(ctx.pool.rename("missing", "x")).rejects.toMatchObject({ code: "REPLY_ERROR" });
  });

  it("keys, randomkey and copy", ONE_NODE, async () => {
    expect(await ctx.pool.randomkey()).toBeNull();
    await ctx.admin.mset("user:1", "a", "user:2", "b", "other", "c");
    expect((await ctx.pool.keys("user:*")).sort()).toEqual(["user:1", "user:2"]);
    expect(["user:1", "user:2", "other"]).toContain(await ctx.pool.randomkey());
    expect(await ctx.pool.copy("user:1", "copy")).toBe(true);
    expect(await ctx.pool.copy("user:2", "copy")).toBe(false);
    expect(await ctx.pool.copy("user:2", "copy", { replace: true })).toBe(true);
    expect(await ctx.pool.get("copy")).toBe("b");
    expect(await ctx.pool.copy("user:1", "in-db-3", { db: 3 })).toBe(true);
    expect(await ctx.engine.getRedis("test").get("in-db-3")).toBe("a");
  });

  it("scan pages and scanIterator visits every key once", async () => {
    const keys = Array.from({ length: 120 }, (_, i) => `scan:${i}`);
    await ctx.admin.mset(...keys.flatMap((k) => [k, "v"]));
    await ctx.admin.lpush("scan:list", "x");
    const page = await ctx.pool.scan(0, { match: "scan:*", count: 10 });
    expect(typeof page.cursor).toBe("string");
    const seen: string[] = [];
    for await (const key of ctx.pool.scanIterator({ match: "scan:*", count: 25, type: "string" }))
      seen.push(key);
    expect(new Set(seen)).toEqual(new Set(keys));
    await expect(ctx.pool.scan("not-a-cursor")).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it("objectEncoding, objectRefcount, objectIdletime and objectHelp", async () => {
    await ctx.admin.set("int", "123");
    await ctx.admin.set("text", "hello");
    expect(await ctx.pool.objectEncoding("int")).toBe("int");
    expect(await ctx.pool.objectEncoding("text")).toBe("embstr");
    expect(await ctx.pool.objectEncoding("missing")).toBeNull();
    expect(await ctx.pool.objectRefcount("text")).toBe(1);
    expect(await ctx.pool.objectRefcount("missing")).toBeNull();
    expect(await ctx.pool.objectIdletime("text")).toBeGreaterThanOrEqual(0);
    expect(await ctx.pool.objectIdletime("missing")).toBeNull();
    expect((await ctx.pool.objectHelp()).join("\n")).toMatch(/ENCODING/);
  });

  it("objectFreq needs an LFU policy: ReplyError without, the counter with", async () => {
    await ctx.admin.set("k", "v");
    await expect(ctx.pool.objectFreq("k")).rejects.toMatchObject({ code: "REPLY_ERROR", message: /LFU/ });
    await withPrivateServer(ctx, { args: ["--maxmemory-policy", "allkeys-lfu"] }, async ({ pool }) => {
      await pool.set("k", "v");
      expect(await pool.objectFreq("k")).toBeGreaterThanOrEqual(0);
      expect(await pool.objectFreq("missing")).toBeNull();
      await expect(pool.objectIdletime("k")).rejects.toBeInstanceOf(ReplyError);
    });
  });

  it("dump and restore round-trip bytes, with replace, ttl, absTtl and idleTime", async () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    await ctx.pool.set("bin", bytes);
    const dumped = await ctx.pool.dump("bin");
    expect(dumped).toBeInstanceOf(Uint8Array);
    expect(await ctx.pool.dump("missing")).toBeNull();
    expect(await ctx.pool.restore("copy", 0, dumped!)).toBe("OK");
    expect(await ctx.pool.getBytes("copy")).toEqual(bytes);
    expect(await ctx.pool.ttl("copy")).toBe(-1);
    await expect(ctx.pool.restore("copy", 0, dumped!)).rejects.toMatchObject({ prefix: "BUSYKEY" });
    expect(await ctx.pool.restore("copy", 60_000, dumped!, { replace: true })).toBe("OK");
    expect(await ctx.pool.pttl("copy")).toBeGreaterThan(50_000);
    expect(await ctx.pool.restore("abs", Date.now() + 120_000, dumped!, { absTtl: true })).toBe("OK");
    expect(await ctx.pool.ttl("abs")).toBeGreaterThan(100);
    expect(await ctx.pool.restore("idle", 0, dumped!, { idleTime: 1000 })).toBe("OK");
    expect(await ctx.pool.objectIdletime("idle")).toBeGreaterThanOrEqual(1000);
    await expect(ctx.pool.restore("bad", 0, new Uint8Array([1, 2, 3]))).rejects.toBeInstanceOf(ReplyError);
  });

  it("restore freq sets the LFU counter", async () => {
    await withPrivateServer(ctx, { args: ["--maxmemory-policy", "allkeys-lfu"] }, async ({ pool }) => {
      await pool.set("k", "v");
      const dumped = (await pool.dump("k"))!;
      expect(await pool.restore("k2", 0, dumped, { freq: 100 })).toBe("OK");
      expect(await pool.objectFreq("k2")).toBeGreaterThanOrEqual(99);
    });
  });

  it("sort, sortRo and sortStore: numeric, alpha, desc, limit, by and get", SORT_PATTERNS, async () => {
    await ctx.admin.rpush("nums", "3", "10", "1", "2");
    expect(await ctx.pool.sort("nums")).toEqual(["1", "2", "3", "10"]);
    expect(await ctx.pool.sort("nums", { order: "DESC", limit: { offset: 1, count: 2 } })).toEqual([
      "3",
      "2",
    ]);
    expect(await ctx.pool.sort("nums", { alpha: true })).toEqual(["1", "10", "2", "3"]);
    expect(await ctx.pool.sortRo("nums", { order: "DESC" })).toEqual(["10", "3", "2", "1"]);
    await ctx.admin.sadd("users", "1", "2", "3");
    await ctx.admin.mset(
      "weight_1",
      "30",
      "weight_2",
      "10",
      "weight_3",
      "20",
      "name_1",
      "ann",
      "name_2",
      "bob",
    );
    expect(await ctx.pool.sort("users", { by: "weight_*", get: ["#", "name_*"] })).toEqual([
      "2",
      "bob",
      "3",
      null,
      "1",
      "ann",
    ]);
    expect(await ctx.pool.sortRo("users", { by: "nosort", get: ["weight_*"] })).toHaveLength(3);
    expect(await ctx.pool.sortStore("nums", "sorted", { order: "DESC" })).toBe(4);
    expect(await ctx.admin.lrange("sorted", 0, -1)).toEqual(["10", "3", "2", "1"]);
    expect(await ctx.pool.sort("missing")).toEqual([]);
    await ctx.admin.set("str", "x");
    await expect(ctx.pool.sort("str")).rejects.toMatchObject({ prefix: "WRONGTYPE" });
    await expect(ctx.pool.sort("nums", { order: "UP" as never })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(ctx.pool.sort("nums", { limit: { offset: -1, count: 1 } })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
  });

  it("move sends a key to another database", SEVERAL_DATABASES, async () => {
    await ctx.admin.set("k", "v");
    expect(await ctx.pool.move("k", 3)).toBe(true);
    expect(await ctx.admin.exists("k")).toBe(0);
    expect(await ctx.engine.getRedis("test").get("k")).toBe("v");
    expect(await ctx.pool.move("k", 3)).toBe(false);
    await expect(ctx.pool.move("k", -1)).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it("migrate moves or copies keys to another server (two private servers)", async () => {
    await withPrivateServers(ctx, [{}, {}], async ([source, target]) => {
      const { host, port } = target!.server;
      await source!.pool.mset({ a: "1", b: "2", c: "3" });
      expect(await source!.pool.migrate(host, port, "a", 0, 5000)).toBe("OK");
      expect(await source!.pool.exists("a")).toBe(0);
      expect(await target!.pool.get("a")).toBe("1");
      expect(await source!.pool.migrate(host, port, ["b", "c"], 0, 5000, { copy: true })).toBe("OK");
      expect(await source!.pool.mget("b", "c")).toEqual(["2", "3"]);
      expect(await target!.pool.mget("b", "c")).toEqual(["2", "3"]);
      await expect(source!.pool.migrate(host, port, "b", 0, 5000)).rejects.toMatchObject({
        code: "REPLY_ERROR",
        message: /BUSYKEY/,
      });
      await source!.pool.set("b", "two");
      expect(await source!.pool.migrate(host, port, "b", 0, 5000, { replace: true })).toBe("OK");
      expect(await target!.pool.get("b")).toBe("two");
      expect(await source!.pool.migrate(host, port, "missing", 0, 5000)).toBe("NOKEY");
      await expect(source!.pool.migrate(host, 0, "c", 0, 5000)).rejects.toBeInstanceOf(InvalidArgumentError);
    });
  });

  it("migrate authenticates to the target with auth", async () => {
    // The target only receives the keys: it is started without a pool of the target under test.
    const target = await startRedis({ args: ["--requirepass", "pa55"] });
    try {
      await withPrivateServer(ctx, {}, async (source) => {
        const { host, port } = target;
        await source.pool.set("k", "v");
        await expect(source.pool.migrate(host, port, "k", 0, 5000)).rejects.toBeInstanceOf(ReplyError);
        expect(await source.pool.migrate(host, port, "k", 0, 5000, { auth: { password: "pa55" } })).toBe(
          "OK",
        );
        await source.pool.set("k2", "v");
        const auth2 = { username: "default", password: "pa55" };
        expect(await source.pool.migrate(host, port, ["k2"], 0, 5000, { auth: auth2 })).toBe("OK");
        expect(await source.pool.exists("k", "k2")).toBe(0);
      });
    } finally {
      await target.stop();
    }
  });

  it("bad input to the key commands is refused before anything is sent", async () => {
    await ctx.pool.ping();
    const before = await commandCalls(ctx.admin);
    const bad: (() => Promise<unknown>)[] = [
      () => ctx.pool.restore("k", -1, new Uint8Array([1])),
      () => ctx.pool.restore("k", 0, "not bytes" as never),
      () => ctx.pool.restore("k", 0, new Uint8Array([1]), { idleTime: 1, freq: 1 }),
      () => ctx.pool.restore("k", 0, new Uint8Array([1]), { freq: 256 }),
      () => ctx.pool.migrate("h", 1, [], 0, 1),
      () => ctx.pool.migrate("h", 1, "k", -1, 1),
      () => ctx.pool.sortStore("k", "d", { limit: { offset: 0, count: 1.5 } }),
    ];
    for (const call of bad) await expect(call()).rejects.toBeInstanceOf(InvalidArgumentError);
    const after = await commandCalls(ctx.admin);
    for (const name of ["restore", "migrate", "sort"]) expect(after[name] ?? 0, name).toBe(before[name] ?? 0);
  });
};
