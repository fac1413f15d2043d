/** Shared helpers of the rate limiter cases. */
import type { RateLimitAlgorithm, RateLimitResult, RedisPool, ValidatedRegistry } from "@beeredis/core";
import type { ConformanceContext } from "../context.js";

/** Every algorithm, in the order the cases report them. */
export const ALGORITHMS: readonly RateLimitAlgorithm[] = [
  "sliding-log",
  "gcra",
  "fixed-window",
  "sliding-window",
];

/** Waits at least `ms` on the local monotonic clock (a timer may fire a little early; this never does). */
export async function sleepAtLeast(ms: number): Promise<void> {
  const until = performance.now() + ms;
  for (let left = ms; left > 0; left = until - performance.now()) {
    await new Promise((resolve) => setTimeout(resolve, Math.ceil(left)));
  }
}

/** `n` pools on database 0, each from its own validated registry, so each has its own connection. */
export async function separateEngines(
  ctx: ConformanceContext,
  n: number,
): Promise<{ pools: RedisPool[]; close: () => Promise<void> }> {
  const registries: ValidatedRegistry[] = [];
  for (let i = 0; i < n; i++) {
    const registry = await ctx.target.createRegistry(ctx.server, [{ code: "default", db: 0 }]);
    registries.push(await registry.validate());
  }
  return {
    pools: registries.map((r) => r.createEngine().getRedis()),
    close: async () => {
      await Promise.all(registries.map((r) => r.close()));
    },
  };
}

/** The server time of a decision in whole µs (exact: `serverTime` is µs / 1000). */
export function micros(result: RateLimitResult): number {
  if (result.serverTime === undefined) throw new Error(`no server time in a ${result.source} result`);
  return Math.round(result.serverTime * 1000);
}

/** One decision as the server made it, for the models. */
export interface Decision {
  /** Server time in µs. */
  t: number;
  cost: number;
  allowed: boolean;
  remaining: number;
}
