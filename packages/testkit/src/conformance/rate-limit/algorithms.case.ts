import { Minute, type RateLimitResult } from "@beeredis/core";
import { expect } from "vitest";
import { callsIn } from "../commandstats.js";
import type { Cases } from "../context.js";
import { ONE_SERVER } from "../needs.js";
import { micros } from "./helpers.js";

const ms = (us: number) => Math.ceil(us / 1000);

export const algorithmCases: Cases = (ctx, it) => {
  it("sliding-log: remaining, resetAfterMs and retryAfterMs follow the log on server time", async () => {
    const limiter = ctx.pool.rateLimiter({ limit: 3, window: Minute });
    const [before] = await ctx.admin.time();
    const results: RateLimitResult[] = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.limit("user:1"));
    const [after] = await ctx.admin.time();
    const t = results.map(micros);
    expect(results.slice(0, 3)).toEqual(
      [2, 1, 0].map((remaining, i) => ({
        allowed: true,
        limit: 3,
        remaining,
        resetAfterMs: Minute,
        retryAfterMs: 0,
        serverTime: t[i]! / 1000,
        source: "redis",
      })),
    );
    expect(results[3]).toMatchObject({
      allowed: false,
      remaining: 0,
      retryAfterMs: ms(t[0]! + 60_000_000 - t[3]!),
      resetAfterMs: ms(t[2]! + 60_000_000 - t[3]!),
    });
    expect(t[0]! / 1e6).toBeGreaterThanOrEqual(Number(before));
    expect(t[3]! / 1e6).toBeLessThan(Number(after) + 1);
    expect(t).toEqual([...t].sort((a, b) => a - b));
    expect(await ctx.admin.zcard("rate:{user:1}")).toBe(3);
  });

  it("sliding-log: cost adds that many entries, cost 0 always passes, and a cost that does not fit is denied", async () => {
    const limiter = ctx.pool.rateLimiter({ algorithm: "sliding-log", limit: 5, window: Minute });
    expect((await limiter.limit("k", { cost: 3 })).remaining).toBe(2);
    expect(await ctx.admin.zcard("rate:{k}")).toBe(3);
    const denied = await limiter.limit("k", { cost: 3 });
    expect(denied).toMatchObject({ allowed: false, remaining: 2 });
    expect(denied.retryAfterMs).toBeGreaterThan(0);
    expect(await limiter.limit("k", { cost: 0 })).toMatchObject({ allowed: true, remaining: 2 });
    expect((await limiter.limit("k", { cost: 2 })).remaining).toBe(0);
    expect(await limiter.limit("k", { cost: 0 })).toMatchObject({ allowed: true, remaining: 0 });
    expect(await ctx.admin.zcard("rate:{k}")).toBe(5);
    expect(new Set(await ctx.admin.zrange("rate:{k}", "0", "-1")).size).toBe(5);
  });

  it(
    "sliding-log: entries older than the window count for nothing and go with the next allowed call; no decision here counts the log",
    ONE_SERVER,
    async () => {
      const limiter = ctx.pool.rateLimiter({ limit: 3, window: Minute });
      const old = micros(await limiter.peek("old")) - 61_000_000;
      await ctx.admin.zadd("rate:{old}", old, `${old}-1`, old + 1, `${old + 1}-1`);
      expect(await limiter.peek("old", { cost: 3 })).toMatchObject({
        allowed: true,
        remaining: 3,
        resetAfterMs: 0,
      });
      const first = await limiter.limit("old", { cost: 2 });
      expect(first).toMatchObject({ allowed: true, remaining: 1, resetAfterMs: Minute });
      expect(await ctx.admin.zcard("rate:{old}")).toBe(2);
      const deniedTwo = await limiter.limit("old", { cost: 2 });
      expect(deniedTwo).toMatchObject({
        allowed: false,
        remaining: 1,
        retryAfterMs: ms(micros(first) + 60_000_000 - micros(deniedTwo)),
      });
      await ctx.admin.config("RESETSTAT");
      const last = await limiter.limit("old");
      const denied = await limiter.limit("old");
      expect(last).toMatchObject({ allowed: true, remaining: 0 });
      expect(denied).toMatchObject({
        allowed: false,
        remaining: 0,
        retryAfterMs: ms(micros(first) + 60_000_000 - micros(denied)),
        resetAfterMs: ms(micros(last) + 60_000_000 - micros(denied)),
      });
      // An allowed call counts what it keeps (ZCOUNT walks a small log), and a denial of cost 1 under a limit of 3
      // reads its gate and the newest entry in one ZRANGE.
      const stats = await ctx.admin.info("commandstats");
      expect(callsIn(stats, "zcount")).toBe(0);
      expect(callsIn(stats, "zrange")).toBe(1);
      expect(await ctx.admin.zcard("rate:{old}")).toBe(3);
    },
  );

  it(
    "sliding-log: a denial reads its retry and reset in one ZRANGE up to a limit of 4, in two beyond, alike",
    ONE_SERVER,
    async () => {
      for (const limit of [1, 4, 5]) {
        const limiter = ctx.pool.rateLimiter({ limit, window: Minute });
        const allowed: RateLimitResult[] = [];
        for (let i = 0; i < limit; i++) allowed.push(await limiter.limit(`few:${limit}`));
        await ctx.admin.config("RESETSTAT");
        const denied = await limiter.limit(`few:${limit}`);
        const [first, last] = [micros(allowed[0]!), micros(allowed[limit - 1]!)];
        expect(denied).toMatchObject({
          allowed: false,
          remaining: 0,
          retryAfterMs: ms(first + 60_000_000 - micros(denied)),
          resetAfterMs: ms(last + 60_000_000 - micros(denied)),
        });
        expect(callsIn(await ctx.admin.info("commandstats"), "zrange")).toBe(limit <= 4 ? 1 : 2);
      }
    },
  );

  it(
    "sliding-log: the log outlives its entries' window; its TTL is set to two windows, then read, not written, while it lasts",
    ONE_SERVER,
    async () => {
      const twoWindows = 2 * (Minute + 1);
      const single = ctx.pool.rateLimiter({ limit: 5, window: Minute });
      const multi = ctx.pool.rateLimiter({
        limits: [
          { window: "300ms", limit: 5 },
          { window: Minute, limit: 5 },
        ],
      });
      const writes = [
        { key: "rate:{ttl}", limit: () => single.limit("ttl") },
        { key: "rate:multi:{ttl}", limit: () => multi.limit("ttl") },
      ];
      for (const { key, limit } of writes) {
        expect((await limit()).allowed).toBe(true);
        const first = await ctx.admin.pttl(key);
        expect(first).toBeGreaterThan(twoWindows - 5_000);
        expect(first).toBeLessThanOrEqual(twoWindows);
        await ctx.admin.config("RESETSTAT");
        expect((await limit()).allowed).toBe(true);
        expect(callsIn(await ctx.admin.info("commandstats"), "pexpire")).toBe(0);
        expect(await ctx.admin.pttl(key)).toBeLessThanOrEqual(first);
        // A TTL shorter than the new entry's window (an older client's, or a hand-set one) is set again.
        await ctx.admin.pexpire(key, Minute);
        expect((await limit()).allowed).toBe(true);
        expect(await ctx.admin.pttl(key)).toBeGreaterThan(twoWindows - 5_000);
      }
    },
  );

  it("gcra: a burst of limit, then one per window / limit, on server time", async () => {
    const limiter = ctx.pool.rateLimiter({ algorithm: "gcra", limit: 5, window: Minute });
    const interval = 12_000_000;
    const results: RateLimitResult[] = [];
    for (let i = 0; i < 6; i++) results.push(await limiter.limit("api"));
    const t = results.map(micros);
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, true, true, false]);
    expect(results.map((r) => r.remaining)).toEqual([4, 3, 2, 1, 0, 0]);
    expect(results[4]!.resetAfterMs).toBe(ms(t[0]! + 5 * interval - t[4]!));
    expect(results[5]!.retryAfterMs).toBe(ms(t[0]! + interval - t[5]!));
    // The stored TAT is the fifth call's: the denied sixth wrote nothing.
    expect(Number(await ctx.admin.get("rate:gcra:{api}"))).toBe(t[0]! + 5 * interval);
    expect(await ctx.admin.pttl("rate:gcra:{api}")).toBeLessThanOrEqual(ms(5 * interval) + 1);
    const big = await limiter.limit("api2", { cost: 5 });
    expect(big).toMatchObject({ allowed: true, remaining: 0 });
    const two = await limiter.limit("api2", { cost: 2 });
    expect(two).toMatchObject({ allowed: false, remaining: 0 });
    expect(two.retryAfterMs).toBe(ms(micros(big) + 2 * interval - micros(two)));
  });

  it("fixed-window: a counter that expires one window after its first call; denials leave it alone", async () => {
    const limiter = ctx.pool.rateLimiter({ algorithm: "fixed-window", limit: 3, window: Minute });
    const results: RateLimitResult[] = [];
    for (let i = 0; i < 3; i++) results.push(await limiter.limit("f"));
    expect(results.map((r) => [r.allowed, r.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
    ]);
    // A PTTL of n ms means the key is gone once the server's ms clock is past it: n + 1 ms at the latest.
    expect(results[0]!.resetAfterMs).toBe(Minute + 1);
    expect(await ctx.admin.get("rate:fixed:{f}")).toBe("3");
    const pttl = await ctx.admin.pttl("rate:fixed:{f}");
    const denied = await limiter.limit("f");
    expect(denied).toMatchObject({ allowed: false, remaining: 0 });
    expect(denied.retryAfterMs).toBeLessThanOrEqual(pttl + 1);
    expect(denied.retryAfterMs).toBe(denied.resetAfterMs);
    expect(await ctx.admin.get("rate:fixed:{f}")).toBe("3");
    expect(await ctx.admin.pttl("rate:fixed:{f}")).toBeLessThanOrEqual(pttl);
  });

  it("sliding-window: the previous bucket weighs by how much of it the window still covers", async () => {
    const limiter = ctx.pool.rateLimiter({ algorithm: "sliding-window", limit: 10, window: Minute });
    const now = micros(await limiter.peek("s"));
    const start = now - (now % 60_000_000);
    // The previous minute is full.
    await ctx.admin.hset("rate:sw:{s}", "start", start - 60_000_000, "cur", 10, "prev", 0);
    const result = await limiter.limit("s");
    const t = micros(result);
    const elapsed = t - start;
    if (elapsed >= 60_000_000) return; // the minute turned between the two calls: nothing left to check
    const used = (10 * (60_000_000 - elapsed)) / 60_000_000;
    expect(result.allowed).toBe(used + 1 <= 10);
    expect(result.remaining).toBe(Math.max(0, Math.floor(10 - (used + (result.allowed ? 1 : 0)))));
    if (!result.allowed) {
      // It may pass once the previous minute weighs at most 9: 6 s into this one.
      expect(result.retryAfterMs).toBe(ms(start + 6_000_000 - t));
    }
    expect(result.resetAfterMs).toBe(ms(start + (result.allowed ? 120_000_000 : 60_000_000) - t));
  });
};
