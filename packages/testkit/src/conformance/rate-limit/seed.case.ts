import { Minute } from "@beeredis/core";
import { expect } from "vitest";
import type { Cases } from "../context.js";
import { micros, sleepAtLeast } from "./helpers.js";

export const seedCases: Cases = (ctx, it) => {
  it("the seed: five login attempts in a minute are allowed, the sixth is denied", async () => {
    const key = "login_attempt_user@example.com";
    for (let attempt = 1; attempt <= 5; attempt++)
      expect(await ctx.pool.rateLimit(key, Minute, 5)).toBe(true);
    expect(await ctx.pool.rateLimit(key, Minute, 5)).toBe(false);
    expect(await ctx.pool.rateLimit(key, "1m", 5)).toBe(false);
    expect(await ctx.admin.zcard(`rate:{${key}}`)).toBe(5);
    const pttl = await ctx.admin.pttl(`rate:{${key}}`);
    // The log lives until its newest entry leaves the window: its TTL is set to two windows at a time.
    expect(pttl).toBeGreaterThan(Minute + 1);
    expect(pttl).toBeLessThanOrEqual(2 * (Minute + 1));
  });

  it("denied attempts write nothing and do not extend the lockout", async () => {
    const key = "rate:{login_attempt_x}";
    for (let attempt = 1; attempt <= 5; attempt++) await ctx.pool.rateLimit("login_attempt_x", Minute, 5);
    const log = await ctx.admin.zrange(key, "0", "-1", "WITHSCORES");
    const pttl = await ctx.admin.pttl(key);
    for (let attempt = 0; attempt < 20; attempt++) {
      expect(await ctx.pool.rateLimit("login_attempt_x", Minute, 5)).toBe(false);
    }
    expect(await ctx.admin.zrange(key, "0", "-1", "WITHSCORES")).toEqual(log);
    expect(await ctx.admin.pttl(key)).toBeLessThanOrEqual(pttl);
  });

  it("the lockout ends one window after the first attempt, however many denied attempts came between", async () => {
    // A window long enough that the ten denials below fit in it on a loaded machine (round trips of 50 ms and more).
    const windowMs = 1500;
    const limiter = ctx.pool.rateLimiter({ limit: 5, window: windowMs });
    const times: number[] = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      const result = await limiter.limit("login");
      expect(result.allowed).toBe(true);
      times.push(micros(result));
    }
    const unlockAt = times[0]! + windowMs * 1000;
    let denied = await limiter.limit("login");
    for (let attempt = 0; attempt < 10; attempt++) {
      expect(denied.allowed).toBe(false);
      // On server time, every denial points at the same moment: the first attempt leaving the window.
      expect(micros(denied) + denied.retryAfterMs * 1000 - unlockAt).toBeGreaterThanOrEqual(0);
      expect(micros(denied) + denied.retryAfterMs * 1000 - unlockAt).toBeLessThan(1000);
      await sleepAtLeast(10);
      denied = await limiter.limit("login");
    }
    await sleepAtLeast(denied.retryAfterMs);
    const again = await limiter.limit("login");
    expect(again.allowed).toBe(true);
    expect(micros(again)).toBeGreaterThanOrEqual(unlockAt);
    // Only the attempts that left the window by then were freed: the denied ones never counted.
    const live = times.filter((t) => t + windowMs * 1000 > micros(again)).length;
    expect(again.remaining).toBe(5 - live - 1);
  });

  it("refill: rateLimit allows again once the window has passed", async () => {
    for (let attempt = 1; attempt <= 3; attempt++)
      expect(await ctx.pool.rateLimit("refill", "150ms", 3)).toBe(true);
    expect(await ctx.pool.rateLimit("refill", "150ms", 3)).toBe(false);
    await sleepAtLeast(150);
    for (let attempt = 1; attempt <= 3; attempt++)
      expect(await ctx.pool.rateLimit("refill", "150ms", 3)).toBe(true);
    expect(await ctx.pool.rateLimit("refill", "150ms", 3)).toBe(false);
  });
};
