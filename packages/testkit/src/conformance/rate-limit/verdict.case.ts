/**
 * `pool.rateLimit()`'s verdict script: the sliding log answering allowed or denied only. It must decide exactly as
 * the log does, share its key with `limiter.limit()`, and keep the log within `limit` entries, while it counts
 * nothing and trims only a full log.
 */
import { Minute } from "@beeredis/core";
import { expect } from "vitest";
import { commandCalls } from "../commandstats.js";
import type { Cases } from "../context.js";
import { ONE_SERVER } from "../needs.js";
import { micros, sleepAtLeast } from "./helpers.js";

const LIMIT = 3;
const WINDOW_US = 300_000;

/** The server's clock in µs, read through the admin connection. */
async function serverMicros(admin: { time(): Promise<unknown[]> }): Promise<number> {
  const [seconds, micro] = (await admin.time()).map(Number);
  return seconds! * 1_000_000 + micro!;
}

export const verdictCases: Cases = (ctx, it) => {
  it(
    "rateLimit counts nothing: a denial runs TIME, the block's PTTL and one ZRANGE; an allowed call no ZCARD and no trim until the log is full",
    ONE_SERVER,
    async () => {
      const ran = async (calls: () => Promise<unknown>): Promise<Record<string, number>> => {
        await ctx.admin.config("RESETSTAT");
        await calls();
        // What the scripts ran: every command but EVALSHA (or EVAL, when the script was not loaded) and RESETSTAT.
        const { evalsha, eval: evals, ...inScript } = await commandCalls(ctx.admin);
        delete inScript["config|resetstat"];
        return inScript;
      };
      expect(await ctx.pool.rateLimit("first", Minute, LIMIT)).toBe(true); // loads the script
      expect(
        await ran(async () => {
          for (let i = 0; i < LIMIT - 1; i++)
            expect(await ctx.pool.rateLimit("first", Minute, LIMIT)).toBe(true);
        }),
      ).toEqual({ time: 2, pttl: 4, zrange: 2, zadd: 2 });
      expect(await ran(() => ctx.pool.rateLimit("first", Minute, LIMIT))).toEqual({
        time: 1,
        pttl: 1,
        zrange: 1,
      });
      // A full log whose oldest entry left the window is trimmed, then written; past one of its two windows of
      // TTL, the TTL no longer outlasts the new entry's window, and is set again.
      expect(await ctx.pool.rateLimit("short", "300ms", 1)).toBe(true);
      await sleepAtLeast(310);
      expect(await ran(() => ctx.pool.rateLimit("short", "300ms", 1))).toEqual({
        time: 1,
        pttl: 2,
        zrange: 1,
        zremrangebyscore: 1,
        zadd: 1,
        pexpire: 1,
      });
      expect(await ctx.admin.zcard("rate:{short}")).toBe(1);
    },
  );

  it("rateLimit honours a block set through the limiter of the same key, and its reset", async () => {
    const limiter = ctx.pool.rateLimiter({ limit: LIMIT, window: Minute });
    await limiter.block("blocked", "1m");
    expect(await ctx.pool.rateLimit("blocked", Minute, LIMIT)).toBe(false);
    expect(await ctx.admin.exists("rate:{blocked}")).toBe(0);
    await limiter.reset("blocked");
    expect(await ctx.pool.rateLimit("blocked", Minute, LIMIT)).toBe(true);
  });

  it("rateLimit and limiter.limit() on one key, at random: each decision is the exact sliding log's on server time, and the log never holds more than limit entries", async () => {
    const key = "mixed";
    const log = `rate:{${key}}`;
    const limiter = ctx.pool.rateLimiter({ limit: LIMIT, window: "300ms" });
    /** The server time of every unit of cost allowed so far. */
    const allowedAt: number[] = [];
    const inWindowAt = (t: number): number => allowedAt.filter((a) => a > t - WINDOW_US && a <= t).length;
    let verdicts = 0;
    let surelyDenied = 0;
    let fullCalls = 0;
    const until = performance.now() + 2000;
    while (performance.now() < until) {
      if (Math.random() < 0.7) {
        const before = await serverMicros(ctx.admin);
        const allowed = await ctx.pool.rateLimit(key, "300ms", LIMIT);
        const after = await serverMicros(ctx.admin);
        verdicts++;
        if (allowed) {
          // The call's own entry is the newest, scored with the server time it decided at.
          const [, score] = await ctx.admin.zrange(log, "-1", "-1", "WITHSCORES");
          const t = Number(score);
          expect(t).toBeGreaterThanOrEqual(before);
          expect(t).toBeLessThanOrEqual(after);
          expect(inWindowAt(t)).toBeLessThan(LIMIT);
          allowedAt.push(t);
        } else {
          // It decided at some time in [before, after]: the entries in its window then were at least these, at most those.
          const surely = allowedAt.filter((a) => a > after - WINDOW_US && a <= before).length;
          const possibly = allowedAt.filter((a) => a > before - WINDOW_US && a <= after).length;
          expect(possibly).toBeGreaterThanOrEqual(LIMIT);
          if (surely >= LIMIT) surelyDenied++;
        }
      } else {
        const cost = Math.random() < 0.7 ? 1 : 2;
        const result = await limiter.limit(key, { cost });
        const t = micros(result);
        const inWindow = inWindowAt(t);
        fullCalls++;
        // The entries the verdict script left untrimmed count for nothing.
        expect({ allowed: result.allowed, remaining: result.remaining }).toEqual(
          inWindow + cost <= LIMIT
            ? { allowed: true, remaining: LIMIT - inWindow - cost }
            : { allowed: false, remaining: LIMIT - inWindow },
        );
        if (result.allowed) for (let unit = 0; unit < cost; unit++) allowedAt.push(t);
      }
      expect(await ctx.admin.zcard(log)).toBeLessThanOrEqual(LIMIT);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 40));
    }
    expect(verdicts).toBeGreaterThan(10);
    expect(fullCalls).toBeGreaterThan(3);
    expect(surelyDenied).toBeGreaterThan(0);
    expect(allowedAt.length).toBeGreaterThan(2 * LIMIT);
  });
};
