import { InvalidArgumentError, Minute, type RateLimiterOptions } from "@beeredis/core";
import { expect } from "vitest";
import { callsIn } from "../commandstats.js";
import type { Cases } from "../context.js";

export const validationCases: Cases = (ctx, it) => {
  it("bad input rejects with InvalidArgumentError before any round trip", async () => {
    const pool = ctx.pool;
    const limiter = pool.rateLimiter({ limit: 3, window: Minute });
    const bad: [string, () => Promise<unknown>][] = [];
    for (const key of ["", undefined, null, 42]) {
      bad.push([`rateLimit key ${String(key)}`, () => pool.rateLimit(key as never, Minute, 5)]);
      bad.push([`limit key ${String(key)}`, () => limiter.limit(key as never)]);
      bad.push([`peek key ${String(key)}`, () => limiter.peek(key as never)]);
      bad.push([`reset key ${String(key)}`, () => limiter.reset(key as never)]);
    }
    for (const window of [
      0,
      -1,
      -Minute,
      Number.NaN,
      Infinity,
      -Infinity,
      "0s",
      "-1s",
      "soon",
      1e-4,
      1e15,
      60,
      999,
    ]) {
      bad.push([`rateLimit window ${window}`, () => pool.rateLimit("k", window as never, 5)]);
    }
    for (const limit of [0, -1, 1.5, Number.NaN, Infinity, 2 ** 53, "5", undefined]) {
      bad.push([`rateLimit limit ${String(limit)}`, () => pool.rateLimit("k", Minute, limit as never)]);
    }
    for (const cost of [-1, 1.5, Number.NaN, Infinity, -Infinity, 4, "1", null]) {
      bad.push([`limit cost ${String(cost)}`, () => limiter.limit("k", { cost: cost as never })]);
      bad.push([`peek cost ${String(cost)}`, () => limiter.peek("k", { cost: cost as never })]);
    }
    const before = await ctx.admin.info("commandstats");
    for (const [name, call] of bad) {
      const outcome = await call().then(
        () => "resolved",
        (error: unknown) => (error instanceof InvalidArgumentError ? "InvalidArgumentError" : String(error)),
      );
      expect({ name, outcome }).toEqual({ name, outcome: "InvalidArgumentError" });
    }
    const after = await ctx.admin.info("commandstats");
    for (const command of ["evalsha", "eval", "del"])
      expect(callsIn(after, command)).toBe(callsIn(before, command));
    expect(await ctx.admin.dbsize()).toBe(0);
  });

  it("bad rateLimiter() options throw InvalidArgumentError", () => {
    const good: RateLimiterOptions = { limit: 3, window: Minute };
    const bad: Partial<Record<keyof RateLimiterOptions, unknown>>[] = [
      { algorithm: "token-bucket" },
      { algorithm: "" },
      { limit: 0 },
      { limit: 2.5 },
      { limit: Number.NaN },
      { window: 0 },
      { window: -5 },
      { window: Number.POSITIVE_INFINITY },
      { window: "3 days" },
      { window: 60 }, // 60 ms: refused as a likely unit mistake ("60s")
      { onError: "ignore" },
      { onError: "local" }, // without localLimit
      { onError: "local", localLimit: 0 },
      { localLimit: 2 }, // without onError "local"
      { timeout: 0 },
      { timeout: "soon" },
      { localCache: { maxKeys: 0 } },
      { localCache: { maxKeys: 1.5 } },
      { localCache: "yes" },
      { prefix: 5 },
    ];
    for (const override of bad) {
      expect(() => ctx.pool.rateLimiter({ ...good, ...override } as RateLimiterOptions)).toThrow(
        InvalidArgumentError,
      );
    }
    expect(() => ctx.pool.rateLimiter(undefined as never)).toThrow(InvalidArgumentError);
    expect(ctx.pool.rateLimiter(good).options).toEqual({
      algorithm: "sliding-log",
      limit: 3,
      windowMs: Minute,
      windowUs: Minute * 1000,
      prefix: "rate:",
      localCacheKeys: 0,
      onError: "throw",
      timeoutMs: 1000,
      localLimit: 0,
    });
  });

  it("keys are prefix{key}, hash-tagged, with a default prefix per algorithm", async () => {
    await ctx.pool.rateLimit("a", Minute, 1);
    await ctx.pool
      .rateLimiter({ limit: 1, window: Minute, algorithm: "gcra", prefix: "app:gcra:" })
      .limit("b");
    await ctx.pool.rateLimiter({ limit: 1, window: Minute, algorithm: "sliding-window" }).limit("{c}");
    for (const algorithm of ["sliding-log", "gcra", "fixed-window"] as const) {
      await ctx.pool.rateLimiter({ limit: 1, window: Minute, algorithm }).limit("d");
    }
    expect((await ctx.admin.keys("*")).sort()).toEqual([
      "app:gcra:{b}",
      "rate:fixed:{d}",
      "rate:gcra:{d}",
      "rate:sw:{{c}}",
      "rate:{a}",
      "rate:{d}",
    ]);
    expect(ctx.pool.rateLimiter({ limit: 1, window: Minute }).redisKey("user:1")).toBe("rate:{user:1}");
  });
};
