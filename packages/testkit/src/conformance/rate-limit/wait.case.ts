import { Minute, RateLimitTimeoutError } from "@beeredis/core";
import { expect } from "vitest";
import type { Cases } from "../context.js";
import { ALGORITHMS, micros } from "./helpers.js";

export const waitCases: Cases = (ctx, it) => {
  it("waitFor resolves once the server allows, for every algorithm, never earlier than retryAfterMs", async () => {
    const outcomes = await Promise.allSettled(
      ALGORITHMS.map(async (algorithm) => {
        const limiter = ctx.pool.rateLimiter({ algorithm, limit: 1, window: "300ms" });
        const first = await limiter.limit("w");
        const denied = await limiter.peek("w");
        expect({ algorithm, allowed: denied.allowed }).toEqual({ algorithm, allowed: false });
        const waited = await limiter.waitFor("w", { timeout: 5000 });
        expect({ algorithm, allowed: waited.allowed, source: waited.source }).toEqual({
          algorithm,
          allowed: true,
          source: "redis",
        });
        // On the server's clock, the slot came free no earlier than the denial said.
        expect(micros(waited) - micros(denied)).toBeGreaterThanOrEqual(denied.retryAfterMs * 1000 - 1000);
        expect(micros(waited)).toBeGreaterThan(micros(first));
      }),
    );
    for (const outcome of outcomes) if (outcome.status === "rejected") throw outcome.reason;
  });

  it("waitFor rejects with RateLimitTimeoutError at once when the wait cannot fit, consuming nothing", async () => {
    const limiter = ctx.pool.rateLimiter({ limit: 1, window: Minute });
    await limiter.limit("t");
    const started = performance.now();
    await expect(limiter.waitFor("t", { timeout: 2000 })).rejects.toThrow(RateLimitTimeoutError);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(await ctx.admin.zcard("rate:{t}")).toBe(1);
    await expect(limiter.waitFor("t", { timeout: 0 })).rejects.toMatchObject({ code: "RATE_LIMIT_TIMEOUT" });
  });

  it("waitFor rejects with the signal's reason when it aborts mid-wait, and at once when already aborted", async () => {
    const limiter = ctx.pool.rateLimiter({
      limits: [
        { window: 2000, limit: 1 },
        { window: Minute, limit: 10 },
      ],
    });
    await limiter.limit("a");
    const controller = new AbortController();
    const waiting = limiter.waitFor("a", { timeout: 10_000, signal: controller.signal });
    setTimeout(() => controller.abort(new Error("client went away")), 100);
    await expect(waiting).rejects.toThrow("client went away");
    await expect(limiter.waitFor("a", { signal: controller.signal })).rejects.toThrow("client went away");
    expect(await ctx.admin.zcard("rate:multi:{a}")).toBe(1);
  });

  it("6 concurrent waiters on 2 per 400 ms all get through, never more than 2 in any 400 ms of server time", async () => {
    const limiter = ctx.pool.rateLimiter({
      limits: [
        { window: "400ms", limit: 2 },
        { window: Minute, limit: 100 },
      ],
    });
    const results = await Promise.all(
      Array.from({ length: 6 }, () => limiter.waitFor("crowd", { timeout: 10_000 })),
    );
    expect(results.every((r) => r.allowed)).toBe(true);
    const times = results.map(micros).sort((a, b) => a - b);
    for (let i = 2; i < times.length; i++) expect(times[i]! - times[i - 2]!).toBeGreaterThanOrEqual(400_000);
  });
};
