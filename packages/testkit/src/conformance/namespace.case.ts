/** @module Pool namespaces: `registerRedis(..., { namespace })` prefixes every key, and replies come back without it. */
import { ConfigError, type RedisPool, UnsupportedError } from "@beeredis/core";
import { expect } from "vitest";
import type { Cases, ConformanceContext } from "./context.js";
import { ONE_NODE, SINGLE_SLOT_KEYS, SORT_PATTERNS, WATCH } from "./needs.js";

/** Runs `fn` with pool "default" of a registry whose pools are in namespace `namespace`. */
export async function withNamespace<T>(
  ctx: ConformanceContext,
  fn: (pool: RedisPool) => Promise<T>,
  namespace = "app1",
): Promise<T> {
  const registry = await (
    await ctx.target.createRegistry(ctx.server, [{ code: "default", db: 0 }], { namespace })
  ).validate();
  try {
    return await fn(registry.createEngine().getRedis());
  } finally {
    await registry.close();
  }
}

/** Every key the server holds, sorted (each master's, on a cluster). */
async function storedKeys(ctx: ConformanceContext): Promise<string[]> {
  const admin = ctx.admin as unknown as { nodes?(role: "master"): { keys(p: string): Promise<string[]> }[] };
  const nodes = typeof admin.nodes === "function" ? admin.nodes("master") : [ctx.admin];
  const lists = await Promise.all(nodes.map((node) => node.keys("*")));
  return lists.flat().sort();
}

export const namespaceCases: Cases = (ctx, it) => {
  it("commands store their keys under the namespace and read them back by their own name", async () => {
    await ctx.admin.set("name", "outside");
    await withNamespace(ctx, async (pool) => {
      await pool.set("name", "inside", 30);
      expect(await pool.get("name")).toBe("inside");
      expect(await pool.lpush("list", "a", "b")).toBe(2);
      expect(await pool.hset("hash", { f: "v" })).toBe(1);
      expect(await pool.exists("name", "list", "missing")).toBe(2);
      expect(pool.getPoolConfig().getNamespace()).toBe("app1");
    });
    expect(await ctx.admin.get("name")).toBe("outside");
    expect(await ctx.admin.get("app1:name")).toBe("inside");
    expect(await storedKeys(ctx)).toEqual(["app1:hash", "app1:list", "app1:name", "name"]);
  });

  it("a hash tag keeps its slot: multi-key commands on {tag} keys still work on a cluster", async () => {
    await withNamespace(ctx, async (pool) => {
      await pool.mset({ "{user:1}:a": "1", "{user:1}:b": "2" });
      expect(await pool.mget("{user:1}:a", "{user:1}:b")).toEqual(["1", "2"]);
      expect(await pool.rename("{user:1}:a", "{user:1}:c")).toBe("OK");
      expect(await pool.sunionstore("{user:1}:s", "{user:1}:none")).toBe(0);
    });
    expect(await ctx.admin.get("app1:{user:1}:c")).toBe("1");
  });

  it("pipelines and transactions prefix every recorded command's keys", async () => {
    await withNamespace(ctx, async (pool) => {
      const piped = await pool.pipeline().set("{t}p", "1").incr("{t}p").call("GET", "{t}p").exec();
      expect(piped).toEqual(["OK", 2, "2"]);
      const atomic = await pool.multi().set("{t}m", "x").get("{t}m").exec();
      expect(atomic).toEqual(["OK", "x"]);
    });
    expect(await ctx.admin.mget("app1:{t}p", "app1:{t}m")).toEqual(["2", "x"]);
  });

  it("scripts get their KEYS in the namespace, and raw call() commands too", async () => {
    await withNamespace(ctx, async (pool) => {
      expect(await pool.script("return redis.call('SET', KEYS[1], ARGV[1])", ["s"], ["v"])).toBe("OK");
      expect(await pool.eval("return KEYS[1]", ["k"], [])).toBe("app1:k");
      expect(await pool.call("SET", "c", "1")).toBe("OK");
      expect(await pool.call("object", "encoding", "c")).toBe("int");
    });
    expect([await ctx.admin.get("app1:s"), await ctx.admin.get("app1:c")]).toEqual(["v", "1"]);
  });

  it("call() refuses a command the command table does not know, before anything is sent", async () => {
    await withNamespace(ctx, async (pool) => {
      const error = await pool.call("JSON.SET", "doc", "$", "{}").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnsupportedError);
      expect((error as Error).message).toMatch(/JSON\.SET .*namespace "app1".*without a namespace/);
      expect(() => pool.pipeline().call("NEWCMD", "k")).toThrow(UnsupportedError);
    });
  });

  it("keys and scan see only the namespace, and give names back without the prefix", async () => {
    await ctx.admin.set("user:0", "outside");
    await ctx.admin.set("app1x:user:9", "another namespace");
    await withNamespace(ctx, async (pool) => {
      await pool.mset({ "user:1": "a", "user:2": "b", "*odd?": "c" });
      expect((await pool.keys("user:*")).sort()).toEqual(["user:1", "user:2"]);
      expect((await pool.keys("*")).sort()).toEqual(["*odd?", "user:1", "user:2"]);
      const scanned: string[] = [];
      for await (const key of pool.scanIterator({ count: 2 })) scanned.push(key);
      expect(scanned.sort()).toEqual(["*odd?", "user:1", "user:2"]);
      const matched: string[] = [];
      for await (const key of pool.scanIterator({ match: "user:*" })) matched.push(key);
      expect(matched.sort()).toEqual(["user:1", "user:2"]);
    });
  });

  it("randomkey gives a namespaced key back without the prefix", ONE_NODE, async () => {
    await withNamespace(ctx, async (pool) => {
      await pool.set("only", "1");
      expect(await pool.randomkey()).toBe("only");
    });
  });

  it("blocking and multi-key pops name their key without the prefix", async () => {
    await withNamespace(ctx, async (pool) => {
      await pool.rpush("{q}a", "1", "2");
      await pool.zadd("{q}z", [{ score: 1, member: "m" }]);
      expect(await pool.lmpop(["{q}none", "{q}a"], "LEFT")).toEqual({ key: "{q}a", elements: ["1"] });
      expect(await pool.zmpop(["{q}z"], "MIN")).toEqual({
        key: "{q}z",
        members: [{ member: "m", score: 1 }],
      });
      await pool.xadd("{q}s", { f: "v" }, { id: "1-1" });
      const read = await pool.xread({ "{q}s": "0" });
      expect(read?.map((r) => r.stream)).toEqual(["{q}s"]);
    });
  });

  it("blpop, brpop and bzpopmin name their key without the prefix", {
    needs: { maxBlockingMs: 1000 },
  }, async () => {
    await withNamespace(ctx, async (pool) => {
      await pool.rpush("{b}l", "x", "y");
      await pool.zadd("{b}z", [{ score: 2, member: "m" }]);
      expect(await pool.blpop(["{b}none", "{b}l"], 0.5)).toEqual({ key: "{b}l", element: "x" });
      expect(await pool.brpop("{b}l", 0.5)).toEqual({ key: "{b}l", element: "y" });
      expect(await pool.bzpopmin("{b}z", 0.5)).toEqual({ key: "{b}z", member: "m", score: 2 });
    });
  });

  it("sort prefixes its BY and GET patterns and its STORE destination", [SORT_PATTERNS], async () => {
    await ctx.admin.mset("w_1", "9", "w_2", "0"); // outside the namespace: must not be read
    await withNamespace(ctx, async (pool) => {
      await pool.rpush("ids", "1", "2");
      await pool.mset({ w_1: "1", w_2: "2", v_1: "one", v_2: "two" });
      expect(await pool.sort("ids", { by: "w_*", get: ["#", "v_*"], order: "DESC" })).toEqual([
        "2",
        "two",
        "1",
        "one",
      ]);
      expect(await pool.sortStore("ids", "sorted", { by: "w_*" })).toBe(2);
      expect(await pool.lrange("sorted", 0, -1)).toEqual(["1", "2"]);
    });
    expect(await ctx.admin.exists("app1:sorted", "sorted")).toBe(1);
  });

  it("the rate limiter and the locker keep their keys in the namespace", async () => {
    await withNamespace(ctx, async (pool) => {
      expect(await pool.rateLimit("login", "1m", 1)).toBe(true);
      expect(await pool.rateLimit("login", "1m", 1)).toBe(false);
      const lock = await pool.getLocker().obtain("job", "10s");
      expect(lock).not.toBeNull();
      expect(await ctx.admin.exists("app1:{lock:job}")).toBe(1);
      expect(await lock?.release()).toBe(true);
    });
    // A pool in another namespace has its own limits and locks.
    await withNamespace(
      ctx,
      async (pool) => {
        expect(await pool.rateLimit("login", "1m", 1)).toBe(true);
      },
      "app2",
    );
    const keys = await storedKeys(ctx);
    expect(keys.some((key) => key.startsWith("app1:") && key.includes("{login}"))).toBe(true);
    expect(keys.some((key) => key.startsWith("app2:") && key.includes("{login}"))).toBe(true);
    expect(keys.filter((key) => !/^app[12]:/.test(key))).toEqual([]);
  });

  it("a waiting obtain is woken by the release, all inside the namespace", async () => {
    await withNamespace(ctx, async (pool) => {
      const locker = pool.getLocker({ heartbeat: 200 });
      const first = await locker.obtain("job", "10s");
      const waiting = locker.obtain("job", "10s", "5s");
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await ctx.admin.exists("app1:{lock:job}:queue")).toBe(1);
      expect(await first?.release()).toBe(true);
      const second = await waiting;
      expect(second?.fencingToken).toBeGreaterThan(first?.fencingToken ?? 0);
      await second?.release();
    });
    expect((await storedKeys(ctx)).filter((key) => !key.startsWith("app1:"))).toEqual([]);
  });

  it("watch prefixes the watched keys and the transaction's", [WATCH, SINGLE_SLOT_KEYS], async () => {
    await withNamespace(ctx, async (pool) => {
      await pool.set("balance", "10");
      const result = await pool.watch("balance", async (tx) => {
        const balance = Number(await tx.get("balance"));
        return tx.multi().set("balance", balance + 5);
      });
      expect(result).toEqual(["OK"]);
    });
    expect(await ctx.admin.get("app1:balance")).toBe("15");
  });

  it("validate() rejects a namespace with braces, blanks or of the wrong type, naming the pool", async () => {
    for (const namespace of ["a{b", "", "a b", 3 as unknown as string]) {
      const registry = await ctx.target.createRegistry(ctx.server, [{ code: "ns", db: 0 }], { namespace });
      const error = await registry.validate().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/pool "ns": the namespace/);
    }
  });
};
