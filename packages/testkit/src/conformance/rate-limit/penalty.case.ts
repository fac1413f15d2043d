import { Minute, RATE_LIMIT_REFUND_SCRIPT } from "@beeredis/core";
import { expect } from "vitest";
import type { Cases } from "../context.js";
import { ALGORITHMS, separateEngines, sleepAtLeast } from "./helpers.js";

export const penaltyCases: Cases = (ctx, it) => {
  it("block: every algorithm denies the key until the block ends, peek shows it, and reset ends it", async () => {
    const outcomes = await Promise.allSettled(
      ALGORITHMS.map(async (algorithm) => {
        const limiter = ctx.pool.rateLimiter({ algorithm, limit: 5, window: Minute });
        expect((await limiter.limit("b")).allowed).toBe(true);
        await limiter.block("b", 400);
        const denied = await limiter.limit("b");
        expect({ algorithm, allowed: denied.allowed, remaining: denied.remaining }).toEqual({
          algorithm,
          allowed: false,
          remaining: 0,
        });
        expect(denied.retryAfterMs).toBeGreaterThan(0);
        expect(denied.retryAfterMs).toBeLessThanOrEqual(401);
        const peeked = await limiter.peek("b");
        expect({ algorithm, allowed: peeked.allowed }).toEqual({ algorithm, allowed: false });
        expect(peeked.retryAfterMs).toBeGreaterThan(0);
        expect({ algorithm, other: (await limiter.limit("other")).allowed }).toEqual({
          algorithm,
          other: true,
        });
        await sleepAtLeast(peeked.retryAfterMs);
        const after = await limiter.limit("b");
        // The block charged nothing: one call before it, this one now.
        expect({ algorithm, allowed: after.allowed, remaining: after.remaining }).toEqual({
          algorithm,
          allowed: true,
          remaining: 3,
        });
        await limiter.block("b", Minute);
        expect((await limiter.limit("b")).allowed).toBe(false);
        expect(await limiter.reset("b")).toBe(true);
        expect({ algorithm, allowed: (await limiter.limit("b")).allowed }).toEqual({
          algorithm,
          allowed: true,
        });
      }),
    );
    for (const outcome of outcomes) if (outcome.status === "rejected") throw outcome.reason;
  });

  it("refund gives back cost to every algorithm, never below empty", async () => {
    for (const algorithm of ALGORITHMS) {
      const limiter = ctx.pool.rateLimiter({ algorithm, limit: 3, window: "1h" });
      /** Refunds `cost` and checks what came back and what is left. */
      const refund = async (cost: number, back: number, remaining: number) => {
        const given = await limiter.refund("r", cost);
        const left = (await limiter.peek("r")).remaining;
        expect({ algorithm, given, left }).toEqual({ algorithm, given: back, left: remaining });
      };
      expect((await limiter.limit("r", { cost: 3 })).allowed).toBe(true);
      expect((await limiter.limit("r")).allowed).toBe(false);
      await refund(2, 2, 2);
      expect((await limiter.limit("r", { cost: 2 })).allowed).toBe(true);
      expect((await limiter.limit("r")).allowed).toBe(false);
      await refund(10, 3, 3);
      expect({ algorithm, back: await limiter.refund("never-used", 1) }).toEqual({ algorithm, back: 0 });
    }
    expect(await ctx.pool.scriptLoad(RATE_LIMIT_REFUND_SCRIPT.lua)).toBe(
      await RATE_LIMIT_REFUND_SCRIPT.sha(),
    );
  });

  it("multi-limit block denies every decision counting the blocked key, and refund gives back to every log", async () => {
    const limiter = ctx.pool.rateLimiter({
      limits: [
        { name: "user", key: "user", window: Minute, limit: 2 },
        { name: "ip", key: "ip", window: "1h", limit: 10 },
      ],
    });
    const ip = "{p}ip:1";
    await limiter.block(ip, Minute);
    const denied = await limiter.limit({ user: "{p}u:1", ip });
    expect(denied).toMatchObject({ allowed: false, blockedKey: ip, remaining: 0 });
    expect(denied.deniedBy).toBeUndefined();
    expect(denied.retryAfterMs).toBeGreaterThan(50_000);
    expect((await limiter.peek({ user: "{p}u:2", ip })).blockedKey).toBe(ip);
    expect((await limiter.limit({ user: "{p}u:1", ip: "{p}ip:2" })).allowed).toBe(true);
    expect(await limiter.reset(ip)).toBe(true);
    expect((await limiter.limit({ user: "{p}u:1", ip })).allowed).toBe(true);
    expect((await limiter.limit({ user: "{p}u:1", ip })).deniedBy).toBe("user");
    expect(await limiter.refund({ user: "{p}u:1", ip }, 1)).toBe(1);
    expect(await ctx.admin.zcard(limiter.redisKey(ip))).toBe(0);
    expect(await ctx.admin.zcard(limiter.redisKey("{p}u:1"))).toBe(1);
    expect((await limiter.limit({ user: "{p}u:1", ip })).allowed).toBe(true);
  });

  it("refunds racing 200 decisions from 4 engines: allowed − refunded never exceeds the limit, and the state agrees", async () => {
    const { pools, close } = await separateEngines(ctx, 4);
    try {
      for (const algorithm of ALGORITHMS) {
        const limiters = pools.map((pool) => pool.rateLimiter({ algorithm, limit: 6, window: "1h" }));
        let refunded = 0;
        const results = await Promise.all(
          Array.from({ length: 200 }, async (_, i) => {
            const limiter = limiters[i % 4]!;
            const result = await limiter.limit(`race-${algorithm}`);
            // Every third allowed call "fails downstream" and is refunded.
            if (result.allowed && i % 3 === 0) {
              const back = await limiter.refund(`race-${algorithm}`, 1);
              refunded += back; // after the await: \`refunded += await ...\` would read it before
            }
            return result.allowed;
          }),
        );
        const allowed = results.filter(Boolean).length;
        const held = 6 - (await limiters[0]!.peek(`race-${algorithm}`)).remaining;
        expect({ algorithm, held }).toEqual({ algorithm, held: allowed - refunded });
        expect(held).toBeLessThanOrEqual(6);
        expect(allowed).toBeGreaterThanOrEqual(6);
      }
    } finally {
      await close();
    }
  });

  it("a block set while 200 decisions race from 4 engines: every decision that starts after it is denied", async () => {
    const { pools, close } = await separateEngines(ctx, 4);
    try {
      const limiters = pools.map((pool) =>
        pool.rateLimiter({
          limits: [
            { window: Minute, limit: 50 },
            { window: "1h", limit: 100 },
          ],
        }),
      );
      const before = Promise.all(Array.from({ length: 100 }, (_, i) => limiters[i % 4]!.limit("crowd")));
      await limiters[0]!.block("crowd", Minute);
      const after = await Promise.all(Array.from({ length: 100 }, (_, i) => limiters[i % 4]!.limit("crowd")));
      expect(after.every((r) => !r.allowed && r.blockedKey === "crowd")).toBe(true);
      const allowedBefore = (await before).filter((r) => r.allowed).length;
      expect(allowedBefore).toBeLessThanOrEqual(50);
      expect(await ctx.admin.zcard("rate:multi:{crowd}")).toBe(allowedBefore);
    } finally {
      await close();
    }
  });
};
