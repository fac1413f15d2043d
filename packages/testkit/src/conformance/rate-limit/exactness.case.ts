import { Minute, type RateLimitAlgorithm, type RedisPool } from "@beeredis/core";
import { expect } from "vitest";
import type { Cases } from "../context.js";
import { ALGORITHMS, type Decision, micros, separateEngines } from "./helpers.js";
import { maxInAnyWindow, replayGcra, replaySlidingLog, replaySlidingWindow } from "./models.js";

/** Random traffic on one key for `durationMs` from several pools: bursts of 1–4 calls of cost 1–2, 0–40 ms apart. */
async function randomTraffic(
  pools: readonly RedisPool[],
  algorithm: RateLimitAlgorithm,
  key: string,
  durationMs: number,
): Promise<Decision[]> {
  const limiters = pools.map((pool) => pool.rateLimiter({ algorithm, limit: 3, window: "1s" }));
  const decisions: Decision[] = [];
  const until = performance.now() + durationMs;
  while (performance.now() < until) {
    const burst = Array.from({ length: 1 + Math.floor(Math.random() * 4) }, async () => {
      const cost = Math.random() < 0.75 ? 1 : 2;
      const limiter = limiters[Math.floor(Math.random() * limiters.length)]!;
      const r = await limiter.limit(key, { cost });
      decisions.push({ t: micros(r), cost, allowed: r.allowed, remaining: r.remaining });
    });
    await Promise.all(burst);
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 40));
  }
  return decisions;
}

export const exactnessCases: Cases = (ctx, it) => {
  it("200 concurrent rateLimit(k, Minute, 5) calls from 4 engines allow exactly 5", async () => {
    const { pools, close } = await separateEngines(ctx, 4);
    try {
      const calls = Array.from({ length: 200 }, (_, i) =>
        pools[i % 4]!.rateLimit("login_attempt_a@example.com", Minute, 5),
      );
      const results = await Promise.all(calls);
      expect(results.filter(Boolean)).toHaveLength(5);
      expect(await ctx.admin.zcard("rate:{login_attempt_a@example.com}")).toBe(5);
      expect(await pools[0]!.rateLimit("login_attempt_a@example.com", Minute, 5)).toBe(false);
    } finally {
      await close();
    }
  });

  it("every algorithm allows exactly limit of 200 concurrent calls from 4 engines", async () => {
    const { pools, close } = await separateEngines(ctx, 4);
    try {
      for (const algorithm of ALGORITHMS) {
        const limiters = pools.map((pool) => pool.rateLimiter({ algorithm, limit: 7, window: Minute }));
        const results = await Promise.all(
          Array.from({ length: 200 }, (_, i) => limiters[i % 4]!.limit(`burst-${algorithm}`)),
        );
        const allowed = results.filter((r) => r.allowed);
        expect({ algorithm, allowed: allowed.length }).toEqual({ algorithm, allowed: 7 });
        expect(allowed.map((r) => r.remaining).sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
        expect(results.filter((r) => !r.allowed).every((r) => r.retryAfterMs > 0)).toBe(true);
      }
    } finally {
      await close();
    }
  });

  it("randomised traffic, 2 engines, window 1 s, limit 3: each algorithm decides as its model on server time", async () => {
    const { pools, close } = await separateEngines(ctx, 2);
    try {
      const windowUs = 1_000_000;
      const runs = await Promise.all(ALGORITHMS.map((a) => randomTraffic(pools, a, `random-${a}`, 3500)));
      const byAlgorithm = Object.fromEntries(ALGORITHMS.map((a, i) => [a, runs[i]!]));
      for (const decisions of runs) {
        expect(decisions.filter((d) => d.allowed).length).toBeGreaterThanOrEqual(6);
        expect(decisions.filter((d) => !d.allowed).length).toBeGreaterThan(0);
      }
      // The promise: never more than 3 in any 1 s interval, measured on the server times the scripts used.
      const log = byAlgorithm["sliding-log"]!;
      expect(maxInAnyWindow(log, windowUs)).toBeLessThanOrEqual(3);
      expect(replaySlidingLog(log, 3, windowUs)).toEqual([]);
      expect(replayGcra(byAlgorithm.gcra!, 3, windowUs)).toEqual([]);
      expect(replaySlidingWindow(byAlgorithm["sliding-window"]!, 3, windowUs)).toEqual([]);
      // The documented bounds of the others, in any 1 s interval.
      expect(maxInAnyWindow(byAlgorithm.gcra!, windowUs)).toBeLessThanOrEqual(2 * 3 - 1);
      expect(maxInAnyWindow(byAlgorithm["sliding-window"]!, windowUs)).toBeLessThanOrEqual(2 * 3 - 1);
      expect(maxInAnyWindow(byAlgorithm["fixed-window"]!, windowUs)).toBeLessThanOrEqual(2 * 3);
    } finally {
      await close();
    }
  });
};
