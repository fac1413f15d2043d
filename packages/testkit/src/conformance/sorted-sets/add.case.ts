import { expect } from "vitest";
import type { Cases } from "../context.js";

export const sortedSetAddCases: Cases = (ctx, it) => {
  it("zadd adds members from a list or a record, and updates scores", async () => {
    expect(
      await ctx.pool.zadd("z", [
        { member: "a", score: 1 },
        { member: "b", score: 2 },
      ]),
    ).toBe(2);
    expect(await ctx.pool.zadd("z", { c: 3, a: 10 })).toBe(1);
    expect(await ctx.pool.zadd("z", [{ member: 7, score: 7 }])).toBe(1);
    expect(await ctx.admin.zrange("z", "0", "-1", "WITHSCORES")).toEqual([
      "b",
      "2",
      "c",
      "3",
      "7",
      "7",
      "a",
      "10",
    ]);
    expect(await ctx.pool.zadd("z", { a: 10 })).toBe(0);
  });

  it("zadd conditions: nx, xx, gt, lt and ch", async () => {
    await ctx.admin.zadd("z", 5, "a");
    expect(await ctx.pool.zadd("z", { a: 1, b: 2 }, { nx: true })).toBe(1);
    expect(await ctx.admin.zscore("z", "a")).toBe("5");
    expect(await ctx.pool.zadd("z", { a: 6, c: 3 }, { xx: true })).toBe(0);
    expect(await ctx.admin.zscore("z", "a")).toBe("6");
    expect(await ctx.admin.zscore("z", "c")).toBeNull();
    expect(await ctx.pool.zadd("z", { a: 4, b: 9 }, { gt: true, ch: true })).toBe(1);
    expect(await ctx.admin.zrange("z", "0", "-1", "WITHSCORES")).toEqual(["a", "6", "b", "9"]);
    expect(await ctx.pool.zadd("z", { a: 4, b: 10, d: 1 }, { lt: true, ch: true })).toBe(2);
    expect(await ctx.admin.zrange("z", "0", "-1", "WITHSCORES")).toEqual(["d", "1", "a", "4", "b", "9"]);
    expect(await ctx.pool.zadd("z", { a: 100, e: 100 }, { xx: true, gt: true, ch: true })).toBe(1);
    expect(await ctx.admin.zscore("z", "a")).toBe("100");
    expect(await ctx.admin.zscore("z", "e")).toBeNull();
  });

  it("zaddIncr resolves to the new score, or null when a condition blocks it", async () => {
    expect(await ctx.pool.zaddIncr("z", 2.5, "a")).toBe(2.5);
    expect(await ctx.pool.zaddIncr("z", -1, "a")).toBe(1.5);
    expect(await ctx.pool.zaddIncr("z", 1, "a", { nx: true })).toBeNull();
    expect(await ctx.pool.zaddIncr("z", 1, "missing", { xx: true })).toBeNull();
    expect(await ctx.pool.zaddIncr("z", -1, "a", { gt: true })).toBeNull();
    expect(await ctx.pool.zaddIncr("z", 1, "a", { lt: true })).toBeNull();
    expect(await ctx.pool.zaddIncr("z", 1, "a", { xx: true, gt: true })).toBe(2.5);
    expect(await ctx.admin.zrange("z", "0", "-1", "WITHSCORES")).toEqual(["a", "2.5"]);
  });

  it("zincrby adds to a score, starting a missing member at 0", async () => {
    expect(await ctx.pool.zincrby("z", 3, "a")).toBe(3);
    expect(await ctx.pool.zincrby("z", -0.75, "a")).toBe(2.25);
    expect(await ctx.pool.zincrby("z", 1, 42)).toBe(1);
    expect(await ctx.admin.zrange("z", "0", "-1", "WITHSCORES")).toEqual(["42", "1", "a", "2.25"]);
  });

  it("zrem removes members and counts them", async () => {
    await ctx.admin.zadd("z", 1, "a", 2, "b", 3, "c", 4, "4");
    expect(await ctx.pool.zrem("z", "a", "missing", 4)).toBe(2);
    expect(await ctx.admin.zrange("z", "0", "-1")).toEqual(["b", "c"]);
    expect(await ctx.pool.zrem("z", "b", "c")).toBe(2);
    expect(await ctx.admin.exists("z")).toBe(0);
    expect(await ctx.pool.zrem("missing", "a")).toBe(0);
  });

  it("zremrangebyrank, zremrangebyscore and zremrangebylex", async () => {
    await ctx.admin.zadd("r", 1, "a", 2, "b", 3, "c", 4, "d", 5, "e");
    expect(await ctx.pool.zremrangebyrank("r", 0, 1)).toBe(2);
    expect(await ctx.pool.zremrangebyrank("r", -1, -1)).toBe(1);
    expect(await ctx.admin.zrange("r", "0", "-1")).toEqual(["c", "d"]);

    await ctx.admin.zadd("s", 1, "a", 2, "b", 3, "c", 4, "d", 5, "e");
    expect(await ctx.pool.zremrangebyscore("s", { value: 1, exclusive: true }, 3)).toBe(2);
    expect(await ctx.pool.zremrangebyscore("s", "(4", Number.POSITIVE_INFINITY)).toBe(1);
    expect(await ctx.admin.zrange("s", "0", "-1")).toEqual(["a", "d"]);
    expect(await ctx.pool.zremrangebyscore("s", "-inf", "+inf")).toBe(2);
    expect(await ctx.admin.exists("s")).toBe(0);

    await ctx.admin.zadd("l", 0, "apple", 0, "banana", 0, "cherry", 0, "date");
    expect(await ctx.pool.zremrangebylex("l", "[banana", "(date")).toBe(2);
    expect(await ctx.admin.zrange("l", "0", "-1")).toEqual(["apple", "date"]);
    expect(await ctx.pool.zremrangebylex("l", "-", "+")).toBe(2);
    expect(await ctx.pool.zremrangebylex("missing", "-", "+")).toBe(0);
  });

  it("scores with ±Infinity and fractional values round-trip", async () => {
    const scores = {
      low: Number.NEGATIVE_INFINITY,
      high: Number.POSITIVE_INFINITY,
      tenth: 0.1,
      third: 1 / 3,
      tiny: 1e-7,
      negative: -2.5,
      huge: 1.7976931348623157e308,
      big: 2 ** 53 + 2,
    };
    expect(await ctx.pool.zadd("z", scores)).toBe(8);
    expect(await ctx.admin.zscore("z", "high")).toBe("inf");
    expect(await ctx.admin.zscore("z", "low")).toBe("-inf");
    for (const [member, score] of Object.entries(scores))
      expect(await ctx.pool.zscore("z", member)).toBe(score);
    const expected = Object.entries(scores)
      .map(([member, score]) => ({ member, score }))
      .sort((a, b) => a.score - b.score);
    expect(await ctx.pool.zrangeWithScores("z", 0, -1)).toEqual(expected);
    expect(await ctx.pool.zmscore("z", "high", "tiny", "low")).toEqual([
      Number.POSITIVE_INFINITY,
      1e-7,
      Number.NEGATIVE_INFINITY,
    ]);
    expect(await ctx.pool.zcount("z", Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)).toBe(8);
    expect(await ctx.pool.zcount("z", { value: Number.NEGATIVE_INFINITY, exclusive: true }, 0)).toBe(1);
    expect(
      await ctx.pool.zrange("z", { value: Number.POSITIVE_INFINITY, exclusive: false }, "+inf", {
        by: "score",
      }),
    ).toEqual(["high"]);
    expect(await ctx.pool.zincrby("z", 0.2, "tenth")).toBeCloseTo(0.3, 15);
    expect(await ctx.pool.zincrby("z", 1, "high")).toBe(Number.POSITIVE_INFINITY);
    expect(await ctx.pool.zaddIncr("z", Number.NEGATIVE_INFINITY, "new")).toBe(Number.NEGATIVE_INFINITY);
    expect(await ctx.pool.zpopmax("z")).toEqual([{ member: "high", score: Number.POSITIVE_INFINITY }]);
  });
};
