import { Minute, RATE_LIMIT_SCRIPTS, RATE_LIMIT_VERDICT_SCRIPT } from "@beeredis/core";
import { expect } from "vitest";
import { callsIn } from "../commandstats.js";
import type { Cases } from "../context.js";
import { ONE_SERVER } from "../needs.js";
import { ALGORITHMS } from "./helpers.js";

export const wireCases: Cases = (ctx, it) => {
  it("every stored script SHA-1 equals what SCRIPT LOAD returns", async () => {
    const scripts = { ...RATE_LIMIT_SCRIPTS, verdict: RATE_LIMIT_VERDICT_SCRIPT };
    for (const algorithm of [...ALGORITHMS, "verdict" as const]) {
      const script = scripts[algorithm];
      expect({ algorithm, sha: await ctx.pool.scriptLoad(script.lua) }).toEqual({
        algorithm,
        sha: await script.sha(),
      });
    }
  });

  it(
    "one round trip per decision: evalsha calls equal decisions, and the client sends nothing else",
    ONE_SERVER,
    async () => {
      const limiters = ALGORITHMS.map((algorithm) =>
        ctx.pool.rateLimiter({ algorithm, limit: 3, window: Minute, prefix: `${algorithm}:` }),
      );
      // Load the scripts first, so no decision needs the EVAL fallback.
      for (const algorithm of ALGORITHMS) await ctx.admin.script("LOAD", RATE_LIMIT_SCRIPTS[algorithm].lua);
      await ctx.admin.script("LOAD", RATE_LIMIT_VERDICT_SCRIPT.lua);
      const monitor = await ctx.admin.duplicate().monitor();
      const sent: string[] = [];
      monitor.on("monitor", (_time: string, args: string[], source: string) => {
        if (source !== "lua") sent.push(String(args[0]).toLowerCase());
      });
      try {
        await ctx.admin.config("RESETSTAT");
        let decisions = 0;
        for (let i = 0; i < 6; i++) {
          await ctx.pool.rateLimit("seed", Minute, 3);
          decisions++;
          for (const limiter of limiters) {
            await limiter.limit(`k${i % 2}`, { cost: i % 3 });
            await limiter.peek(`k${i % 2}`);
            decisions += 2;
          }
        }
        const stats = await ctx.admin.info("commandstats");
        expect(callsIn(stats, "evalsha")).toBe(decisions);
        expect(callsIn(stats, "eval")).toBe(0);
        await ctx.admin.ping();
        const fromPool = sent.filter((name) => !["config", "info", "ping", "script"].includes(name));
        expect(fromPool).toEqual(Array.from({ length: decisions }, () => "evalsha"));
      } finally {
        monitor.disconnect();
      }
    },
  );

  it(
    "after SCRIPT FLUSH a decision falls back to EVAL once, then uses EVALSHA again",
    ONE_SERVER,
    async () => {
      const limiter = ctx.pool.rateLimiter({ algorithm: "gcra", limit: 3, window: Minute });
      await ctx.admin.script("FLUSH");
      const before = await ctx.admin.info("commandstats");
      expect((await limiter.limit("k")).remaining).toBe(2);
      expect(await ctx.pool.rateLimit("k", Minute, 3)).toBe(true);
      expect((await limiter.limit("k")).remaining).toBe(1);
      const after = await ctx.admin.info("commandstats");
      expect(callsIn(after, "eval") - callsIn(before, "eval")).toBe(2);
      expect(callsIn(after, "evalsha") - callsIn(before, "evalsha")).toBe(3);
      expect(await ctx.admin.script("EXISTS", await RATE_LIMIT_SCRIPTS.gcra.sha())).toEqual([1]);
    },
  );
};
