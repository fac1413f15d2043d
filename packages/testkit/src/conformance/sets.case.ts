import { InvalidArgumentError, ReplyError } from "@beeredis/core";
import { expect } from "vitest";
import type { Cases } from "./context.js";
import { SINGLE_SLOT_KEYS } from "./needs.js";

const sorted = (values: string[]) => [...values].sort();

export const setsCases: Cases = (ctx, it) => {
  it("sadd, srem, smembers, scard and sismember", async () => {
    expect(await ctx.pool.sadd("s", "a", "b", "c", "a")).toBe(3);
    expect(await ctx.pool.sadd("s", "c", 4)).toBe(1);
    expect(sorted(await ctx.admin.smembers("s"))).toEqual(["4", "a", "b", "c"]);
    expect(sorted(await ctx.pool.smembers("s"))).toEqual(["4", "a", "b", "c"]);
    expect(await ctx.pool.scard("s")).toBe(4);
    expect(await ctx.pool.sismember("s", "a")).toBe(true);
    expect(await ctx.pool.sismember("s", 4)).toBe(true);
    expect(await ctx.pool.sismember("s", "zz")).toBe(false);
    expect(await ctx.pool.srem("s", "a", "missing")).toBe(1);
    expect(await ctx.pool.srem("s", "b", "c", 4)).toBe(3);
    expect(await ctx.admin.exists("s")).toBe(0);
    expect(await ctx.pool.smembers("missing")).toEqual([]);
    expect(await ctx.pool.scard("missing")).toBe(0);
    expect(await ctx.pool.srem("missing", "a")).toBe(0);
  });

  it("smismember answers in the order asked", async () => {
    await ctx.admin.sadd("s", "a", "c");
    expect(await ctx.pool.smismember("s", "a", "b", "c", "a")).toEqual([true, false, true, true]);
    expect(await ctx.pool.smismember("missing", "a")).toEqual([false]);
  });

  it("spop and spopCount remove members", async () => {
    expect(await ctx.pool.spop("missing")).toBeNull();
    expect(await ctx.pool.spopCount("missing", 2)).toEqual([]);
    await ctx.admin.sadd("s", "a", "b", "c", "d");
    const one = await ctx.pool.spop("s");
    expect(["a", "b", "c", "d"]).toContain(one);
    expect(await ctx.admin.sismember("s", one!)).toBe(0);
    const two = await ctx.pool.spopCount("s", 2);
    expect(new Set(two).size).toBe(2);
    expect(await ctx.admin.scard("s")).toBe(1);
    expect(await ctx.pool.spopCount("s", 0)).toEqual([]);
    const rest = await ctx.pool.spopCount("s", 10);
    expect(sorted([one!, ...two, ...rest])).toEqual(["a", "b", "c", "d"]);
    expect(await ctx.admin.exists("s")).toBe(0);
  });

  it("srandmember and srandmemberCount leave the set unchanged", async () => {
    expect(await ctx.pool.srandmember("missing")).toBeNull();
    expect(await ctx.pool.srandmemberCount("missing", 3)).toEqual([]);
    await ctx.admin.sadd("s", "a", "b", "c");
    expect(["a", "b", "c"]).toContain(await ctx.pool.srandmember("s"));
    expect(sorted(await ctx.pool.srandmemberCount("s", 10))).toEqual(["a", "b", "c"]);
    expect(new Set(await ctx.pool.srandmemberCount("s", 2)).size).toBe(2);
    const repeated = await ctx.pool.srandmemberCount("s", -8);
    expect(repeated).toHaveLength(8);
    for (const member of repeated) expect(["a", "b", "c"]).toContain(member);
    expect(await ctx.admin.scard("s")).toBe(3);
  });

  it("smove moves one member between sets", SINGLE_SLOT_KEYS, async () => {
    await ctx.admin.sadd("from", "a", "b");
    expect(await ctx.pool.smove("from", "to", "a")).toBe(true);
    expect(await ctx.pool.smove("from", "to", "missing")).toBe(false);
    expect(await ctx.admin.smembers("from")).toEqual(["b"]);
    expect(await ctx.admin.smembers("to")).toEqual(["a"]);
  });

  it("sdiff, sinter and sunion with their store variants", SINGLE_SLOT_KEYS, async () => {
    await ctx.admin.sadd("a", "1", "2", "3", "4");
    await ctx.admin.sadd("b", "3", "4", "5");
    await ctx.admin.sadd("c", "4", "6");
    expect(sorted(await ctx.pool.sdiff("a", "b"))).toEqual(["1", "2"]);
    expect(sorted(await ctx.pool.sdiff("a", "b", "missing"))).toEqual(["1", "2"]);
    expect(sorted(await ctx.pool.sinter("a", "b"))).toEqual(["3", "4"]);
    expect(await ctx.pool.sinter("a", "b", "c")).toEqual(["4"]);
    expect(await ctx.pool.sinter("a", "missing")).toEqual([]);
    expect(sorted(await ctx.pool.sunion("b", "c"))).toEqual(["3", "4", "5", "6"]);
    expect(await ctx.pool.sdiffstore("d", "a", "b")).toBe(2);
    expect(sorted(await ctx.admin.smembers("d"))).toEqual(["1", "2"]);
    expect(await ctx.pool.sinterstore("i", "a", "b", "c")).toBe(1);
    expect(await ctx.admin.smembers("i")).toEqual(["4"]);
    expect(await ctx.pool.sunionstore("u", "a", "c")).toBe(5);
    expect(sorted(await ctx.admin.smembers("u"))).toEqual(["1", "2", "3", "4", "6"]);
    expect(await ctx.pool.sinterstore("u", "a", "missing")).toBe(0);
    expect(await ctx.admin.exists("u")).toBe(0);
  });

  it("sintercard counts the intersection, with an optional limit", SINGLE_SLOT_KEYS, async () => {
    await ctx.admin.sadd("a", "1", "2", "3", "4");
    await ctx.admin.sadd("b", "2", "3", "4", "5");
    expect(await ctx.pool.sintercard(["a", "b"])).toBe(3);
    expect(await ctx.pool.sintercard(["a", "b"], { limit: 2 })).toBe(2);
    expect(await ctx.pool.sintercard(["a", "b"], { limit: 0 })).toBe(3);
    expect(await ctx.pool.sintercard(["a"])).toBe(4);
    expect(await ctx.pool.sintercard(["a", "missing"])).toBe(0);
  });

  it("sscan pages through every member", async () => {
    const members = Array.from({ length: 1000 }, (_, i) => `m:${i}`);
    await ctx.admin.sadd("s", ...members, "other");
    const seen = new Set<string>();
    let cursor = "0";
    let pages = 0;
    do {
      const page = await ctx.pool.sscan("s", cursor, { match: "m:*", count: 20 });
      expect(typeof page.cursor).toBe("string");
      for (const member of page.items) seen.add(member);
      cursor = page.cursor;
      pages++;
    } while (cursor !== "0");
    expect(pages).toBeGreaterThan(1);
    expect(seen).toEqual(new Set(members));
    await ctx.admin.sadd("small", "x");
    expect(await ctx.pool.sscan("small", 0)).toEqual({ cursor: "0", items: ["x"] });
    expect(await ctx.pool.sscan("missing", "0")).toEqual({ cursor: "0", items: [] });
  });

  it("binary members round-trip", async () => {
    const member = Uint8Array.from([0, 255, 10, 13]);
    expect(await ctx.pool.sadd("s", member)).toBe(1);
    expect(await ctx.pool.sismember("s", member)).toBe(true);
    const raw = await ctx.admin.smembersBuffer("s");
    expect(Array.from(raw[0]!)).toEqual(Array.from(member));
  });

  it("bad arguments throw InvalidArgumentError before anything is sent", async () => {
    const rejects = (promise: Promise<unknown>) =>
      expect(promise).rejects.toBeInstanceOf(InvalidArgumentError);
    await rejects(ctx.pool.sadd("s"));
    await rejects(ctx.pool.sadd("s", null as never));
    await rejects(ctx.pool.sadd("s", ["a", "b"] as never));
    await rejects(ctx.pool.sadd("s", Number.NaN));
    await rejects(ctx.pool.srem("s"));
    await rejects(ctx.pool.smismember("s"));
    await rejects(ctx.pool.spopCount("s", -1));
    await rejects(ctx.pool.spopCount("s", 1.5));
    await rejects(ctx.pool.srandmemberCount("s", 2.5));
    await rejects(ctx.pool.srandmemberCount("s", "3" as never));
    await rejects(ctx.pool.smove("s", "t", undefined as never));
    await rejects(ctx.pool.sdiff());
    await rejects(ctx.pool.sinter());
    await rejects(ctx.pool.sunion());
    await rejects(ctx.pool.sdiffstore("d"));
    await rejects(ctx.pool.sinterstore("d"));
    await rejects(ctx.pool.sunionstore("d"));
    await rejects(ctx.pool.sintercard([]));
    await rejects(ctx.pool.sintercard("a" as never));
    await rejects(ctx.pool.sintercard(["a"], { limit: -1 }));
    await rejects(ctx.pool.sintercard(["a"], { limit: 1.5 }));
    await rejects(ctx.pool.sscan("s", "not-a-cursor"));
    await rejects(ctx.pool.sscan("s", 0, { count: -5 }));
    expect(await ctx.admin.dbsize()).toBe(0);
  });

  it("a wrong type gives ReplyError with prefix WRONGTYPE", SINGLE_SLOT_KEYS, async () => {
    await ctx.admin.set("str", "v");
    const error = await ctx.pool.sadd("str", "a").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplyError);
    expect((error as ReplyError).prefix).toBe("WRONGTYPE");
    await expect(ctx.pool.smembers("str")).rejects.toMatchObject({
      prefix: "WRONGTYPE",
      code: "REPLY_ERROR",
    });
    await expect(ctx.pool.sinter("str", "other")).rejects.toMatchObject({ prefix: "WRONGTYPE" });
    expect(await ctx.admin.get("str")).toBe("v");
  });

  it("set commands record in a pipeline with their decoded results", async () => {
    const [added, isMember, members] = await ctx.pool
      .pipeline()
      .sadd("s", "a")
      .sismember("s", "a")
      .smembers("s")
      .exec();
    expect(added).toBe(1);
    expect(isMember).toBe(true);
    expect(members).toEqual(["a"]);
  });
};
