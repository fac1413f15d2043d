import type { ScoredMember } from "@beeredis/core";
import { expect } from "vitest";
import type { Cases } from "../context.js";

export const sortedSetReadCases: Cases = (ctx, it) => {
  it("zscore and zmscore, with null for what is missing", async () => {
    await ctx.admin.zadd("z", 1.5, "a", -3, "b", 7, "7");
    expect(await ctx.pool.zscore("z", "a")).toBe(1.5);
    expect(await ctx.pool.zscore("z", 7)).toBe(7);
    expect(await ctx.pool.zscore("z", "missing")).toBeNull();
    expect(await ctx.pool.zscore("missing", "a")).toBeNull();
    expect(await ctx.pool.zmscore("z", "b", "missing", "a", "b")).toEqual([-3, null, 1.5, -3]);
    expect(await ctx.pool.zmscore("missing", "a")).toEqual([null]);
  });

  it("zrank, zrevrank and zcard", async () => {
    await ctx.admin.zadd("z", 10, "a", 20, "b", 30, "c");
    expect(await ctx.pool.zrank("z", "a")).toBe(0);
    expect(await ctx.pool.zrank("z", "c")).toBe(2);
    expect(await ctx.pool.zrevrank("z", "a")).toBe(2);
    expect(await ctx.pool.zrevrank("z", "c")).toBe(0);
    expect(await ctx.pool.zrank("z", "missing")).toBeNull();
    expect(await ctx.pool.zrevrank("missing", "a")).toBeNull();
    expect(await ctx.pool.zcard("z")).toBe(3);
    expect(await ctx.pool.zcard("missing")).toBe(0);
  });

  it("zcount with inclusive, exclusive and infinite score bounds", async () => {
    await ctx.admin.zadd("z", 1, "a", 2, "b", 3, "c", 4, "d", 5, "e");
    expect(await ctx.pool.zcount("z", 2, 4)).toBe(3);
    expect(await ctx.pool.zcount("z", { value: 2, exclusive: true }, { value: 4, exclusive: true })).toBe(1);
    expect(await ctx.pool.zcount("z", { value: 2 }, "(4")).toBe(2);
    expect(await ctx.pool.zcount("z", "-inf", "+inf")).toBe(5);
    expect(await ctx.pool.zcount("z", "(1.5", Number.POSITIVE_INFINITY)).toBe(4);
    expect(await ctx.pool.zcount("z", 4, 2)).toBe(0);
    expect(await ctx.pool.zcount("missing", "-inf", "+inf")).toBe(0);
  });

  it("zlexcount counts between lex bounds", async () => {
    await ctx.admin.zadd("l", 0, "a", 0, "b", 0, "c", 0, "d", 0, "e");
    expect(await ctx.pool.zlexcount("l", "-", "+")).toBe(5);
    expect(await ctx.pool.zlexcount("l", "[b", "[d")).toBe(3);
    expect(await ctx.pool.zlexcount("l", "(b", "(d")).toBe(1);
    expect(await ctx.pool.zlexcount("l", "[c", "+")).toBe(3);
    expect(await ctx.pool.zlexcount("missing", "-", "+")).toBe(0);
  });

  it("zrandmember, zrandmemberCount and zrandmemberWithScores", async () => {
    const members: Record<string, number> = { a: 1, b: 2.5, c: -3 };
    await ctx.admin.zadd("z", 1, "a", 2.5, "b", -3, "c");
    expect(Object.keys(members)).toContain(await ctx.pool.zrandmember("z"));
    expect(await ctx.pool.zrandmember("missing")).toBeNull();

    const distinct = await ctx.pool.zrandmemberCount("z", 2);
    expect(distinct).toHaveLength(2);
    expect(new Set(distinct).size).toBe(2);
    for (const member of distinct) expect(Object.keys(members)).toContain(member);
    expect((await ctx.pool.zrandmemberCount("z", 10)).sort()).toEqual(["a", "b", "c"]);
    const repeated = await ctx.pool.zrandmemberCount("z", -7);
    expect(repeated).toHaveLength(7);
    for (const member of repeated) expect(Object.keys(members)).toContain(member);
    expect(await ctx.pool.zrandmemberCount("z", 0)).toEqual([]);
    expect(await ctx.pool.zrandmemberCount("missing", 3)).toEqual([]);

    const scored = await ctx.pool.zrandmemberWithScores("z", 3);
    expect([...scored].sort((x, y) => x.member.localeCompare(y.member))).toEqual([
      { member: "a", score: 1 },
      { member: "b", score: 2.5 },
      { member: "c", score: -3 },
    ]);
    const repeatedScored = await ctx.pool.zrandmemberWithScores("z", -5);
    expect(repeatedScored).toHaveLength(5);
    for (const { member, score } of repeatedScored) expect(members[member]).toBe(score);
    expect(await ctx.pool.zrandmemberWithScores("missing", 2)).toEqual([]);
  });

  it("zscan pages through every member with its score", async () => {
    const args: (string | number)[] = [];
    for (let i = 0; i < 300; i++) args.push(i + 0.5, `m:${i}`);
    await ctx.admin.zadd("big", ...args);
    await ctx.admin.zadd("big", 1, "other");

    const seen = new Map<string, number>();
    let cursor = "0";
    let pages = 0;
    do {
      const page = await ctx.pool.zscan("big", cursor, { match: "m:*", count: 50 });
      expect(typeof page.cursor).toBe("string");
      for (const { member, score } of page.items) seen.set(member, score);
      cursor = page.cursor;
      pages++;
    } while (cursor !== "0");
    expect(pages).toBeGreaterThan(1);
    expect(seen.size).toBe(300);
    expect(seen.get("m:0")).toBe(0.5);
    expect(seen.get("m:299")).toBe(299.5);
    expect(seen.has("other")).toBe(false);

    await ctx.admin.zadd("small", 2, "b", 1, "a");
    const small = await ctx.pool.zscan("small", 0);
    expect(small.cursor).toBe("0");
    expect(small.items).toEqual<ScoredMember[]>([
      { member: "a", score: 1 },
      { member: "b", score: 2 },
    ]);
    expect(await ctx.pool.zscan("missing", "0")).toEqual({ cursor: "0", items: [] });
  });
};
