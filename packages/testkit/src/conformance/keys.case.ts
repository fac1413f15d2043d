import { InvalidArgumentError } from "@beeredis/core";
import { expect } from "vitest";
import type { Cases } from "./context.js";

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

  it("type, rename and renamenx", async () => {
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

  it("keys, randomkey and copy", async () => {
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
};
