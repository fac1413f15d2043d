import { expect } from "vitest";
import type { Cases, ConformanceContext } from "../context.js";
import { SINGLE_SLOT_KEYS } from "../needs.js";

async function seedScores(ctx: ConformanceContext): Promise<void> {
  await ctx.admin.zadd("z", 1, "a", 2, "b", 3, "c", 4, "d", 5, "e");
}

async function seedNames(ctx: ConformanceContext): Promise<void> {
  await ctx.admin.zadd("l", 0, "apple", 0, "banana", 0, "cherry", 0, "date", 0, "elder");
}

export const sortedSetRangeCases: Cases = (ctx, it) => {
  it("zrange and zrangeWithScores by rank, forward and reversed", async () => {
    await seedScores(ctx);
    expect(await ctx.pool.zrange("z", 0, -1)).toEqual(["a", "b", "c", "d", "e"]);
    expect(await ctx.pool.zrange("z", 1, 2)).toEqual(["b", "c"]);
    expect(await ctx.pool.zrange("z", -2, -1)).toEqual(["d", "e"]);
    expect(await ctx.pool.zrange("z", 0, 1, { rev: true })).toEqual(["e", "d"]);
    expect(await ctx.pool.zrange("z", 10, 20)).toEqual([]);
    expect(await ctx.pool.zrange("missing", 0, -1)).toEqual([]);
    expect(await ctx.pool.zrangeWithScores("z", 0, 1)).toEqual([
      { member: "a", score: 1 },
      { member: "b", score: 2 },
    ]);
    expect(await ctx.pool.zrangeWithScores("z", 0, 0, { rev: true })).toEqual([{ member: "e", score: 5 }]);
  });

  it("zrange by score: exclusive bounds, rev and limit", async () => {
    await seedScores(ctx);
    expect(await ctx.pool.zrange("z", 2, 4, { by: "score" })).toEqual(["b", "c", "d"]);
    expect(await ctx.pool.zrange("z", { value: 2, exclusive: true }, "(4", { by: "score" })).toEqual(["c"]);
    expect(
      await ctx.pool.zrange("z", "-inf", "+inf", { by: "score", limit: { offset: 1, count: 2 } }),
    ).toEqual(["b", "c"]);
    expect(await ctx.pool.zrange("z", 4, 2, { by: "score", rev: true })).toEqual(["d", "c", "b"]);
    expect(
      await ctx.pool.zrange("z", Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, {
        by: "score",
        rev: true,
        limit: { offset: 0, count: 2 },
      }),
    ).toEqual(["e", "d"]);
    expect(await ctx.pool.zrange("z", 3, "+inf", { by: "score", limit: { offset: 1, count: -1 } })).toEqual([
      "d",
      "e",
    ]);
    expect(await ctx.pool.zrangeWithScores("z", "(3", 100, { by: "score" })).toEqual([
      { member: "d", score: 4 },
      { member: "e", score: 5 },
    ]);
    expect(
      await ctx.pool.zrangeWithScores("z", 5, 1, { by: "score", rev: true, limit: { offset: 1, count: 1 } }),
    ).toEqual([{ member: "d", score: 4 }]);
  });

  it("zrange by lex: bounds, rev and limit", async () => {
    await seedNames(ctx);
    expect(await ctx.pool.zrange("l", "[banana", "[date", { by: "lex" })).toEqual([
      "banana",
      "cherry",
      "date",
    ]);
    expect(await ctx.pool.zrange("l", "(banana", "(date", { by: "lex" })).toEqual(["cherry"]);
    expect(await ctx.pool.zrange("l", "-", "+", { by: "lex", limit: { offset: 3, count: 5 } })).toEqual([
      "date",
      "elder",
    ]);
    expect(await ctx.pool.zrange("l", "+", "[cherry", { by: "lex", rev: true })).toEqual([
      "elder",
      "date",
      "cherry",
    ]);
    expect(await ctx.pool.zrange("l", "[c", "+", { by: "lex" })).toEqual(["cherry", "date", "elder"]);
  });

  it("zrangestore stores a rank, score or lex range", SINGLE_SLOT_KEYS, async () => {
    await seedScores(ctx);
    await seedNames(ctx);
    expect(await ctx.pool.zrangestore("dst", "z", 0, 1)).toBe(2);
    expect(await ctx.admin.zrange("dst", "0", "-1", "WITHSCORES")).toEqual(["a", "1", "b", "2"]);
    expect(await ctx.pool.zrangestore("dst", "z", 0, 0, { rev: true })).toBe(1);
    expect(await ctx.admin.zrange("dst", "0", "-1", "WITHSCORES")).toEqual(["e", "5"]);
    expect(
      await ctx.pool.zrangestore("dst", "z", "(2", 4, { by: "score", limit: { offset: 0, count: 5 } }),
    ).toBe(2);
    expect(await ctx.admin.zrange("dst", "0", "-1", "WITHSCORES")).toEqual(["c", "3", "d", "4"]);
    expect(await ctx.pool.zrangestore("names", "l", "[b", "(d", { by: "lex" })).toBe(2);
    expect(await ctx.admin.zrange("names", "0", "-1")).toEqual(["banana", "cherry"]);
    expect(await ctx.pool.zrangestore("dst", "missing", 0, -1)).toBe(0);
    expect(await ctx.admin.exists("dst")).toBe(0);
  });

  it("zrangebyscore and zrangebyscoreWithScores", async () => {
    await seedScores(ctx);
    expect(await ctx.pool.zrangebyscore("z", 2, 4)).toEqual(["b", "c", "d"]);
    expect(
      await ctx.pool.zrangebyscore("z", { value: 2, exclusive: true }, Number.POSITIVE_INFINITY),
    ).toEqual(["c", "d", "e"]);
    expect(await ctx.pool.zrangebyscore("z", "-inf", "+inf", { limit: { offset: 2, count: 2 } })).toEqual([
      "c",
      "d",
    ]);
    expect(await ctx.pool.zrangebyscoreWithScores("z", 4, "+inf")).toEqual([
      { member: "d", score: 4 },
      { member: "e", score: 5 },
    ]);
    expect(
      await ctx.pool.zrangebyscoreWithScores("z", "-inf", "(3", { limit: { offset: 1, count: 10 } }),
    ).toEqual([{ member: "b", score: 2 }]);
  });

  it("zrevrangebyscore and zrevrangebyscoreWithScores take max first", async () => {
    await seedScores(ctx);
    expect(await ctx.pool.zrevrangebyscore("z", 4, 2)).toEqual(["d", "c", "b"]);
    expect(await ctx.pool.zrevrangebyscore("z", "+inf", { value: 3, exclusive: true })).toEqual(["e", "d"]);
    expect(await ctx.pool.zrevrangebyscore("z", "+inf", "-inf", { limit: { offset: 1, count: 2 } })).toEqual([
      "d",
      "c",
    ]);
    expect(await ctx.pool.zrevrangebyscore("z", 2, 4)).toEqual([]);
    expect(await ctx.pool.zrevrangebyscoreWithScores("z", 2, Number.NEGATIVE_INFINITY)).toEqual([
      { member: "b", score: 2 },
      { member: "a", score: 1 },
    ]);
    expect(await ctx.pool.zrevrangebyscoreWithScores("z", 5, 1, { limit: { offset: 4, count: 1 } })).toEqual([
      { member: "a", score: 1 },
    ]);
  });

  it("zrangebylex and zrevrangebylex", async () => {
    await seedNames(ctx);
    expect(await ctx.pool.zrangebylex("l", "-", "(cherry")).toEqual(["apple", "banana"]);
    expect(await ctx.pool.zrangebylex("l", "[b", "+", { limit: { offset: 1, count: 2 } })).toEqual([
      "cherry",
      "date",
    ]);
    expect(await ctx.pool.zrevrangebylex("l", "+", "(cherry")).toEqual(["elder", "date"]);
    expect(await ctx.pool.zrevrangebylex("l", "[date", "-", { limit: { offset: 0, count: 2 } })).toEqual([
      "date",
      "cherry",
    ]);
    expect(await ctx.pool.zrangebylex("missing", "-", "+")).toEqual([]);
  });

  it("zrevrange and zrevrangeWithScores", async () => {
    await seedScores(ctx);
    expect(await ctx.pool.zrevrange("z", 0, 2)).toEqual(["e", "d", "c"]);
    expect(await ctx.pool.zrevrange("z", -2, -1)).toEqual(["b", "a"]);
    expect(await ctx.pool.zrevrangeWithScores("z", 0, 1)).toEqual([
      { member: "e", score: 5 },
      { member: "d", score: 4 },
    ]);
    expect(await ctx.pool.zrevrangeWithScores("missing", 0, -1)).toEqual([]);
  });
};
