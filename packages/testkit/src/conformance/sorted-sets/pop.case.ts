import { expect } from "vitest";
import type { Cases } from "../context.js";
import { BLOCKS_FOR_EVER, ONE_SERVER, SINGLE_SLOT_KEYS } from "../needs.js";
import { startBlocked } from "./helpers.js";

export const sortedSetPopCases: Cases = (ctx, it) => {
  it("zpopmin and zpopmax, with and without a count", async () => {
    await ctx.admin.zadd("z", 1, "a", 2, "b", 3, "c", 4, "d", 5, "e");
    expect(await ctx.pool.zpopmin("z")).toEqual([{ member: "a", score: 1 }]);
    expect(await ctx.pool.zpopmax("z")).toEqual([{ member: "e", score: 5 }]);
    expect(await ctx.pool.zpopmin("z", 2)).toEqual([
      { member: "b", score: 2 },
      { member: "c", score: 3 },
    ]);
    expect(await ctx.pool.zpopmax("z", 0)).toEqual([]);
    expect(await ctx.pool.zpopmax("z", 10)).toEqual([{ member: "d", score: 4 }]);
    expect(await ctx.admin.exists("z")).toBe(0);
    expect(await ctx.pool.zpopmin("z")).toEqual([]);
    expect(await ctx.pool.zpopmax("missing", 3)).toEqual([]);
  });

  it("zmpop pops from the first non-empty key", SINGLE_SLOT_KEYS, async () => {
    await ctx.admin.zadd("b", 1, "x", 2, "y", 3, "z");
    expect(await ctx.pool.zmpop(["a", "b"], "MIN")).toEqual({
      key: "b",
      members: [{ member: "x", score: 1 }],
    });
    expect(await ctx.pool.zmpop(["a", "b"], "MAX", 5)).toEqual({
      key: "b",
      members: [
        { member: "z", score: 3 },
        { member: "y", score: 2 },
      ],
    });
    expect(await ctx.pool.zmpop("b", "MIN")).toBeNull();
    expect(await ctx.pool.zmpop(["a", "b"], "MAX", 2)).toBeNull();
  });

  it(
    "bzpopmin and bzpopmax return at once when a key has members, null on timeout",
    SINGLE_SLOT_KEYS,
    async () => {
      await ctx.admin.zadd("q2", 1, "low", 9, "high");
      expect(await ctx.pool.bzpopmin(["q1", "q2"], 1)).toEqual({ key: "q2", member: "low", score: 1 });
      expect(await ctx.pool.bzpopmax("q2", 1)).toEqual({ key: "q2", member: "high", score: 9 });
      const started = Date.now();
      expect(await ctx.pool.bzpopmin("q2", 0.1)).toBeNull();
      expect(await ctx.pool.bzpopmax(["q1", "q2"], 0.1)).toBeNull();
      expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    },
  );

  it(
    "bzpopmin returns when another client adds a member while it waits",
    [ONE_SERVER, BLOCKS_FOR_EVER],
    async () => {
      const waiting = await startBlocked(ctx, () => ctx.pool.bzpopmin(["jobs:high", "jobs:low"], 0));
      // The pool keeps serving other commands while the pop blocks on its own connection.
      expect(await ctx.pool.zcard("jobs:low")).toBe(0);
      await ctx.admin.zadd("jobs:low", 2.5, "job-1");
      expect(await waiting.result).toEqual({ key: "jobs:low", member: "job-1", score: 2.5 });
      expect(await ctx.admin.exists("jobs:low")).toBe(0);
    },
  );

  it("bzpopmax returns when another client adds members while it waits", async () => {
    const waiting = await startBlocked(ctx, () => ctx.pool.bzpopmax("scores", 5));
    await ctx.admin.zadd("scores", 1, "a", "+inf", "top");
    expect(await waiting.result).toEqual({ key: "scores", member: "top", score: Number.POSITIVE_INFINITY });
    expect(await ctx.admin.zrange("scores", "0", "-1")).toEqual(["a"]);
  });

  it("bzmpop pops at once, waits for a member, and returns null on timeout", SINGLE_SLOT_KEYS, async () => {
    await ctx.admin.zadd("b", 1, "x", 2, "y", 3, "z");
    expect(await ctx.pool.bzmpop(1, ["a", "b"], "MAX", 2)).toEqual({
      key: "b",
      members: [
        { member: "z", score: 3 },
        { member: "y", score: 2 },
      ],
    });
    expect(await ctx.pool.bzmpop(1, "b", "MIN")).toEqual({ key: "b", members: [{ member: "x", score: 1 }] });
    expect(await ctx.pool.bzmpop(0.1, ["a", "b"], "MIN")).toBeNull();

    const waiting = await startBlocked(ctx, () => ctx.pool.bzmpop(5, ["a", "b"], "MIN", 10));
    await ctx.admin.zadd("a", 0.5, "m1", -1, "m2");
    expect(await waiting.result).toEqual({
      key: "a",
      members: [
        { member: "m2", score: -1 },
        { member: "m1", score: 0.5 },
      ],
    });
  });

  it("blocking pops work inside a pipeline", async () => {
    await ctx.admin.zadd("q", 1, "a", 2, "b");
    const [first, second, third] = await ctx.pool
      .pipeline()
      .bzpopmin("q", 1)
      .bzpopmax("q", 1)
      .bzpopmin("q", 0.1)
      .exec();
    expect(first).toEqual({ key: "q", member: "a", score: 1 });
    expect(second).toEqual({ key: "q", member: "b", score: 2 });
    expect(third).toBeNull();
  });
};
