import { Minute } from "@beeredis/core";
import { expect } from "vitest";
import type { Cases } from "../context.js";
import { ALGORITHMS, sleepAtLeast } from "./helpers.js";

export const lifecycleCases: Cases = (ctx, it) => {
  it("peek reports without writing, and reset clears the key, for every algorithm", async () => {
    for (const algorithm of ALGORITHMS) {
      const limiter = ctx.pool.rateLimiter({ algorithm, limit: 2, window: Minute, prefix: `${algorithm}:` });
      const key = `${algorithm}:{p}`;
      expect(await limiter.peek("p")).toMatchObject({ allowed: true, remaining: 2, retryAfterMs: 0 });
      expect(await ctx.admin.exists(key)).toBe(0);
      await limiter.limit("p");
      const dump = await ctx.admin.dump(key);
      const peeked = await limiter.peek("p");
      expect({ algorithm, ...peeked }).toMatchObject({ algorithm, allowed: true, remaining: 1 });
      const tooBig = await limiter.peek("p", { cost: 2 });
      expect({ algorithm, allowed: tooBig.allowed }).toEqual({ algorithm, allowed: false });
      expect(tooBig.retryAfterMs).toBeGreaterThan(0);
      expect(await ctx.admin.dump(key)).toEqual(dump);
      expect(await limiter.reset("p")).toBe(true);
      expect(await ctx.admin.exists(key)).toBe(0);
      expect(await limiter.reset("p")).toBe(false);
      expect((await limiter.limit("p", { cost: 2 })).allowed).toBe(true);
    }
  });

  it("refill: once retryAfterMs has passed a call is allowed, and once resetAfterMs has passed the key is full", async () => {
    const outcomes = await Promise.allSettled(
      ALGORITHMS.map(async (algorithm) => {
        const limiter = ctx.pool.rateLimiter({ algorithm, limit: 2, window: "200ms" });
        await limiter.limit("r");
        await limiter.limit("r");
        const denied = await limiter.limit("r");
        expect({ algorithm, allowed: denied.allowed }).toEqual({ algorithm, allowed: false });
        expect(denied.retryAfterMs).toBeGreaterThan(0);
        await sleepAtLeast(denied.retryAfterMs);
        const again = await limiter.limit("r");
        expect({ algorithm, allowed: again.allowed }).toEqual({ algorithm, allowed: true });
        await sleepAtLeast(again.resetAfterMs);
        expect({ algorithm, remaining: (await limiter.peek("r")).remaining }).toEqual({
          algorithm,
          remaining: 2,
        });
      }),
    );
    // Every algorithm ran to its end (none is left running into the next test); report the first failure.
    for (const outcome of outcomes) if (outcome.status === "rejected") throw outcome.reason;
  });
};
