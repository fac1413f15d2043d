/** Redis down and back: pools fail fast without sending, recover by themselves, and the limiter keeps deciding. */
import { type RedisPool, TransportError } from "@beeredis/core";
import { Redis } from "ioredis";
import { expect } from "vitest";
import { eventually, rejection, timeRefusals, untilRefusedUnsent } from "../outcomes.js";
import { startRedis } from "../redis-server.js";
import type { Cases } from "./context.js";
import { withPrivateServer } from "./private-server.js";

/** Warms the pool up (connected, scripts loaded), so the outage is the only thing that changes. */
async function warm(pool: RedisPool): Promise<void> {
  expect(await pool.ping()).toBe("PONG");
}

/** `decide()` while Redis answers nothing for 600 ms (DEBUG SLEEP); settles once Redis is awake again. */
async function whileRedisSleeps<T>(admin: Redis, decide: () => Promise<T>): Promise<T> {
  const sleeping = admin.call("DEBUG", "SLEEP", "0.6");
  await new Promise((resolve) => setTimeout(resolve, 20));
  try {
    return await decide();
  } finally {
    await sleeping;
  }
}

export const outageCases: Cases = (ctx, it) => {
  it("Redis down: commands reject fast with TransportError, unsent and naming the pool; back: they flow again", async () => {
    await withPrivateServer(ctx, {}, async ({ server, pool, admin }) => {
      await warm(pool);
      await server.down();
      const known = await untilRefusedUnsent(() => pool.incr("n"));
      expect(known.message).toContain('Redis pool "default"');
      expect(known.message).toContain(known.reason);
      expect(known.cause).toBeDefined();
      // Known down: every call is refused at once, unsent (an INCR never counts twice). The bound is far more than
      // 20 refusals take, and less than one command timeout (5 s): none of them waited one out.
      expect(await timeRefusals(() => pool.incr("n"), 20)).toBeLessThan(4000);
      await server.up();
      expect(await eventually(() => pool.incr("n"))).toBe(1);
      expect(await admin.get("n")).toBe("1");
    });
  });

  it("the rate limiter follows onError while Redis is down and hands back to Redis when it returns", async () => {
    await withPrivateServer(ctx, {}, async ({ server, pool }) => {
      const allow = pool.rateLimiter({ limit: 1, window: "1m", onError: "allow" });
      const local = pool.rateLimiter({ limit: 10, window: "1m", onError: "local", localLimit: 2 });
      expect((await allow.limit("k")).source).toBe("redis");
      await server.down();
      await untilRefusedUnsent(() => pool.ping());
      const open = await allow.limit("k");
      expect(open).toMatchObject({ allowed: true, source: "on-error" });
      expect(open.error).toBeInstanceOf(TransportError);
      // The insurance limiter: the same algorithm with localLimit, in this process.
      const decisions = [await local.limit("k"), await local.limit("k"), await local.limit("k")];
      expect(decisions.map((d) => [d.allowed, d.source])).toEqual([
        [true, "local"],
        [true, "local"],
        [false, "local"],
      ]);
      expect(decisions[2]!.retryAfterMs).toBeGreaterThan(0);
      expect(decisions[2]!.limit).toBe(2);
      await server.up();
      const back = await eventually(async () => {
        const result = await local.limit("k");
        if (result.source !== "redis") throw new TransportError("still deciding locally");
        return result;
      });
      // Redis lost its data in the restart; what passed locally was never counted there.
      expect(back).toMatchObject({ allowed: true, remaining: 9, limit: 10 });
    });
  });

  it("a decision past the limiter's timeout follows onError, and the result says so", async () => {
    await withPrivateServer(ctx, {}, async ({ pool, admin }) => {
      // The first decision (connection, script load) runs with a generous timeout: a loaded machine can take 100 ms.
      expect(await pool.rateLimit("slow", "1m", 5, { timeout: "5s" })).toBe(true);
      const limiter = pool.rateLimiter({ limit: 5, window: "1m", onError: "deny", timeout: "100ms" });
      const late = await whileRedisSleeps(admin, () => limiter.limit("slow"));
      expect(late).toMatchObject({ allowed: false, source: "on-error" });
      expect(late.error).toMatchObject({ timedOut: true, reason: "no rate limit decision within 100 ms" });
      const strict = pool.rateLimiter({ limit: 5, window: "1m", timeout: "100ms" });
      expect(await whileRedisSleeps(admin, () => rejection(strict.limit("slow")))).toMatchObject({
        timedOut: true,
      });
      await expect(pool.rateLimit("slow", "1m", 5, { timeout: "5s" })).resolves.toBe(true);
    });
  });

  it("a multi-limit decision past its timeout follows onError too", async () => {
    await withPrivateServer(ctx, {}, async ({ pool, admin }) => {
      const limits = [
        { window: "1s", limit: 5 },
        { window: "1m", limit: 50 },
      ] as const;
      // The first decision (connection, script load) runs with a generous timeout: a loaded machine can take 100 ms.
      expect((await pool.rateLimiter({ limits, timeout: "5s" }).limit("slow")).source).toBe("redis");
      const limiter = pool.rateLimiter({ limits, onError: "deny", timeout: "100ms" });
      const late = await whileRedisSleeps(admin, () => limiter.limit("slow"));
      expect(late).toMatchObject({ allowed: false, source: "on-error" });
      expect(late.error).toMatchObject({ timedOut: true, reason: "no rate limit decision within 100 ms" });
      const strict = pool.rateLimiter({ limits, timeout: "100ms" });
      expect(await whileRedisSleeps(admin, () => rejection(strict.limit("slow")))).toMatchObject({
        timedOut: true,
      });
      expect((await pool.rateLimiter({ limits, timeout: "5s" }).limit("slow")).source).toBe("redis");
    });
  });

  it("a server that stops answering: three timeouts in a row and calls fail fast; answering again, they flow", async () => {
    const server = await startRedis();
    const admin = new Redis({ host: server.host, port: server.port, lazyConnect: true });
    const registry = await (
      await ctx.target.createRegistry(server, [{ code: "default", db: 0 }], { commandTimeout: "300ms" })
    ).validate();
    try {
      const pool = registry.createEngine().getRedis();
      await warm(pool);
      const asleep = admin.call("DEBUG", "SLEEP", "3"); // answers nothing for 3 s
      await new Promise((resolve) => setTimeout(resolve, 50));
      // The first call times out (outcome unknown); by the third failure at the latest (timeouts in a row, or a
      // reconnect that got no answer either), the pool knows and refuses at once.
      expect(await rejection(pool.get("k"))).toMatchObject({ timedOut: true, sent: true });
      expect(await untilRefusedUnsent(() => pool.get("k"), 3)).toMatchObject({ unreachable: true });
      await asleep;
      expect(await eventually(() => pool.incr("n"))).toBe(1);
    } finally {
      await registry.close();
      admin.disconnect();
      await server.stop();
    }
  });
};
