import { expect } from "vitest";
import type { Cases, ConformanceContext } from "../context.js";
import { SINGLE_SLOT_KEYS } from "../needs.js";

async function seed(ctx: ConformanceContext): Promise<void> {
  await ctx.admin.zadd("a", 1, "x", 2, "y", 3, "z");
  await ctx.admin.zadd("b", 10, "y", 20, "z", 30, "w");
}

export const sortedSetAlgebraCases: Cases = (ctx, it) => {
  it("zdiff, zdiffWithScores and zdiffstore", SINGLE_SLOT_KEYS, async () => {
    await seed(ctx);
    expect(await ctx.pool.zdiff(["a", "b"])).toEqual(["x"]);
    expect(await ctx.pool.zdiff(["b", "a"])).toEqual(["w"]);
    expect(await ctx.pool.zdiff("a")).toEqual(["x", "y", "z"]);
    expect(await ctx.pool.zdiffWithScores(["a", "missing"])).toEqual([
      { member: "x", score: 1 },
      { member: "y", score: 2 },
      { member: "z", score: 3 },
    ]);
    expect(await ctx.pool.zdiffstore("dst", ["b", "a"])).toBe(1);
    expect(await ctx.admin.zrange("dst", "0", "-1", "WITHSCORES")).toEqual(["w", "30"]);
    expect(await ctx.pool.zdiff(["missing", "a"])).toEqual([]);
  });

  it("zinter, zinterWithScores and zinterstore with weights and aggregate", SINGLE_SLOT_KEYS, async () => {
    await seed(ctx);
    expect(await ctx.pool.zinter(["a", "b"])).toEqual(["y", "z"]);
    expect(await ctx.pool.zinterWithScores(["a", "b"])).toEqual([
      { member: "y", score: 12 },
      { member: "z", score: 23 },
    ]);
    expect(await ctx.pool.zinterWithScores(["a", "b"], { weights: [2, 0.5] })).toEqual([
      { member: "y", score: 9 },
      { member: "z", score: 16 },
    ]);
    expect(await ctx.pool.zinterWithScores(["a", "b"], { aggregate: "MIN" })).toEqual([
      { member: "y", score: 2 },
      { member: "z", score: 3 },
    ]);
    expect(await ctx.pool.zinter(["a", "b"], { weights: [-1, 0], aggregate: "MAX" })).toEqual(["y", "z"]);
    expect(await ctx.pool.zinterstore("dst", ["a", "b"], { weights: [1, 2], aggregate: "SUM" })).toBe(2);
    expect(await ctx.admin.zrange("dst", "0", "-1", "WITHSCORES")).toEqual(["y", "22", "z", "43"]);
    expect(await ctx.pool.zinterstore("dst", ["a", "missing"])).toBe(0);
    expect(await ctx.admin.exists("dst")).toBe(0);
  });

  it("zintercard counts the intersection, up to a limit", SINGLE_SLOT_KEYS, async () => {
    await seed(ctx);
    await ctx.admin.zadd("c", 1, "y", 1, "z", 1, "q");
    expect(await ctx.pool.zintercard(["a", "b"])).toBe(2);
    expect(await ctx.pool.zintercard(["a", "b", "c"])).toBe(2);
    expect(await ctx.pool.zintercard(["a", "b"], { limit: 1 })).toBe(1);
    expect(await ctx.pool.zintercard(["a", "b"], { limit: 0 })).toBe(2);
    expect(await ctx.pool.zintercard("a")).toBe(3);
    expect(await ctx.pool.zintercard(["a", "missing"])).toBe(0);
  });

  it("zunion, zunionWithScores and zunionstore with weights and aggregate", SINGLE_SLOT_KEYS, async () => {
    await seed(ctx);
    expect(await ctx.pool.zunion(["a", "b"])).toEqual(["x", "y", "z", "w"]);
    expect(await ctx.pool.zunionWithScores(["a", "b"])).toEqual([
      { member: "x", score: 1 },
      { member: "y", score: 12 },
      { member: "z", score: 23 },
      { member: "w", score: 30 },
    ]);
    expect(await ctx.pool.zunionWithScores(["a", "b"], { aggregate: "MAX", weights: [100, 1] })).toEqual([
      { member: "w", score: 30 },
      { member: "x", score: 100 },
      { member: "y", score: 200 },
      { member: "z", score: 300 },
    ]);
    expect(await ctx.pool.zunionstore("dst", ["a", "b"], { aggregate: "MIN" })).toBe(4);
    expect(await ctx.admin.zrange("dst", "0", "-1", "WITHSCORES")).toEqual([
      "x",
      "1",
      "y",
      "2",
      "z",
      "3",
      "w",
      "30",
    ]);
    expect(await ctx.pool.zunionstore("dst", ["missing"])).toBe(0);
    expect(await ctx.admin.exists("dst")).toBe(0);
  });

  it("plain sets take part with a score of 1", SINGLE_SLOT_KEYS, async () => {
    await ctx.admin.zadd("z", 5, "a", 7, "b");
    await ctx.admin.sadd("s", "a", "c");
    expect(await ctx.pool.zunionWithScores(["z", "s"])).toEqual([
      { member: "c", score: 1 },
      { member: "a", score: 6 },
      { member: "b", score: 7 },
    ]);
    expect(await ctx.pool.zinterWithScores(["z", "s"], { weights: [1, 10] })).toEqual([
      { member: "a", score: 15 },
    ]);
    expect(await ctx.pool.zdiff(["z", "s"])).toEqual(["b"]);
    expect(await ctx.pool.zintercard(["z", "s"])).toBe(1);
  });
};
