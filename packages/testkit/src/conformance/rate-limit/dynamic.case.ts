import { InvalidArgumentError, Minute, type MultiRateLimiterOptions, UnsupportedError } from "@beeredis/core";
import { expect } from "vitest";
import type { Cases } from "../context.js";
import { separateEngines } from "./helpers.js";

const TWO_LIMITS: MultiRateLimiterOptions = {
  limits: [
    { name: "minute", window: Minute, limit: 2 },
    { name: "hour", window: "1h", limit: 100 },
  ],
  dynamicLimits: true,
};

export const dynamicLimitCases: Cases = (ctx, it) => {
  it("setLimit changes a key's limit for every process, read inside the decision; null restores the configured one", async () => {
    const { pools, close } = await separateEngines(ctx, 2);
    try {
      const [a, b] = [pools[0]!.rateLimiter(TWO_LIMITS), pools[1]!.rateLimiter(TWO_LIMITS)];
      expect((await a.limit("d")).limits[0]!.limit).toBe(2);
      await b.setLimit("d", 4, { name: "minute" });
      const raised = await a.limit("d");
      expect(raised).toMatchObject({ allowed: true });
      expect(raised.limits.map((rule) => [rule.name, rule.limit, rule.remaining])).toEqual([
        ["minute", 4, 2],
        ["hour", 100, 98],
      ]);
      await a.limit("d", { cost: 2 });
      expect(await a.limit("d")).toMatchObject({ allowed: false, deniedBy: "minute" });
      await b.setLimit("d", null, { name: "minute" });
      expect((await a.peek("d")).limits[0]!.limit).toBe(2);
      await b.setLimit("d", 1, { name: "hour" });
      expect(await a.peek("d")).toMatchObject({ allowed: false, deniedBy: "hour" });
      expect(await ctx.admin.hgetall("rate:multi:limits:{d}")).toEqual({ hour: "1" });
    } finally {
      await close();
    }
  });

  it("a tier's limit applies to keys without their own; a key's own limit wins", async () => {
    const limiter = ctx.pool.rateLimiter({ limits: [{ window: Minute, limit: 1 }], dynamicLimits: true });
    // A tier shares the keys' hash tag, so the cluster finds them in one slot.
    await limiter.setLimit("{acme}tier:pro", 3);
    const key = (n: number) => `{acme}user:${n}`;
    const results = [];
    for (let i = 0; i < 4; i++)
      results.push((await limiter.limit(key(1), { tier: "{acme}tier:pro" })).allowed);
    expect(results).toEqual([true, true, true, false]);
    await limiter.setLimit(key(2), 1);
    expect((await limiter.limit(key(2), { tier: "{acme}tier:pro" })).allowed).toBe(true);
    expect((await limiter.limit(key(2), { tier: "{acme}tier:pro" })).allowed).toBe(false);
    expect((await limiter.limit(key(3))).limits[0]!.limit).toBe(1);
    const crossSlot = limiter.limit("user:4", { tier: "tier:pro" });
    if (ctx.pool.getCapabilities().cluster) await expect(crossSlot).rejects.toThrow(UnsupportedError);
    else expect((await crossSlot).limits[0]!.limit).toBe(1);
  });

  it("setLimit refuses a bad limit, an unknown name, or a limiter without dynamicLimits", async () => {
    const limiter = ctx.pool.rateLimiter(TWO_LIMITS);
    for (const [limit, name] of [
      [0, "minute"],
      [1.5, "minute"],
      [200_000, "minute"],
      [3, "nope"],
      [3, undefined],
    ] as const) {
      await expect(limiter.setLimit("k", limit, { name: name as string })).rejects.toThrow(
        InvalidArgumentError,
      );
    }
    await expect(
      ctx.pool.rateLimiter({ limits: [{ window: Minute, limit: 1 }] }).setLimit("k", 2),
    ).rejects.toThrow(/dynamicLimits/);
    expect(await ctx.admin.dbsize()).toBe(0);
  });
};
