import { Minute, type RedisPool, ReplyError, TransportError } from "@beeredis/core";
import { Redis } from "ioredis";
import { expect } from "vitest";
import { startRedis } from "../../redis-server.js";
import { callsIn } from "../commandstats.js";
import type { Cases } from "../context.js";
import { sleepAtLeast } from "./helpers.js";

export const optionCases: Cases = (ctx, it) => {
  it("localCache answers repeat denials without a round trip until retryAfterMs passes", async () => {
    const limiter = ctx.pool.rateLimiter({ limit: 2, window: "300ms", localCache: true });
    expect((await limiter.limit("edge")).source).toBe("redis");
    expect((await limiter.limit("edge")).source).toBe("redis");
    const denied = await limiter.limit("edge");
    expect(denied).toMatchObject({ allowed: false, source: "redis" });
    const before = callsIn(await ctx.admin.info("commandstats"), "evalsha");
    let last = denied;
    for (let i = 0; i < 10; i++) {
      last = await limiter.limit("edge");
      expect(last).toMatchObject({ allowed: false, remaining: 0, source: "local-cache" });
      expect(last.retryAfterMs).toBeGreaterThan(0);
      expect(last.retryAfterMs).toBeLessThanOrEqual(denied.retryAfterMs);
    }
    expect(callsIn(await ctx.admin.info("commandstats"), "evalsha")).toBe(before);
    // A smaller cost may pass sooner, so it asks Redis; peek always does.
    expect(await limiter.limit("edge", { cost: 0 })).toMatchObject({ allowed: true, source: "redis" });
    expect((await limiter.peek("edge")).source).toBe("redis");
    await sleepAtLeast(last.retryAfterMs);
    expect(await limiter.limit("edge")).toMatchObject({ allowed: true, source: "redis" });
  });

  it("the local cache is bounded (oldest denial first out) and reset clears its entry", async () => {
    const limiter = ctx.pool.rateLimiter({ limit: 1, window: Minute, localCache: { maxKeys: 2 } });
    for (const key of ["a", "b", "c"]) {
      await limiter.limit(key);
      expect((await limiter.limit(key)).source).toBe("redis");
    }
    expect((await limiter.limit("c")).source).toBe("local-cache");
    expect((await limiter.limit("b")).source).toBe("local-cache");
    expect(await limiter.limit("a")).toMatchObject({ allowed: false, source: "redis" });
    expect((await limiter.limit("a")).source).toBe("local-cache");
    expect(await limiter.reset("c")).toBe(true);
    expect(await limiter.limit("c")).toMatchObject({ allowed: true, source: "redis" });
  });

  it("onError: an unreachable server rejects with TransportError by default; allow fails open, deny closed", async () => {
    const dead = await startRedis();
    await dead.stop();
    const registry = await (
      await ctx.target.createRegistry(dead, [{ code: "default", db: 0 }], { commandTimeout: 200 })
    ).validate();
    try {
      const pool: RedisPool = registry.createEngine().getRedis();
      await expect(pool.rateLimit("k", Minute, 5)).rejects.toBeInstanceOf(TransportError);
      await expect(pool.rateLimiter({ limit: 5, window: Minute }).limit("k")).rejects.toBeInstanceOf(
        TransportError,
      );
      const open = await pool.rateLimiter({ limit: 5, window: Minute, onError: "allow" }).limit("k");
      expect(open).toMatchObject({ allowed: true, limit: 5, retryAfterMs: 0, source: "on-error" });
      expect(open.error).toBeInstanceOf(TransportError);
      const closed = pool.rateLimiter({ limit: 5, window: Minute, onError: "deny", localCache: true });
      expect(await closed.limit("k")).toMatchObject({
        allowed: false,
        retryAfterMs: Minute,
        source: "on-error",
      });
      // A fail-closed denial is not a real one: it is not cached.
      expect((await closed.limit("k")).source).toBe("on-error");
      expect((await closed.peek("k")).source).toBe("on-error");
      await expect(closed.reset("k")).rejects.toBeInstanceOf(TransportError);
    } finally {
      await registry.close();
    }
  });

  it("onError answers for a busy server (BUSY) but never hides a bug such as WRONGTYPE", async () => {
    await ctx.admin.lpush("rate:{list}", "x");
    // A long decision timeout: this case is about the BUSY reply, which a cluster may take over a second to give.
    const open = ctx.pool.rateLimiter({ limit: 5, window: Minute, onError: "allow", timeout: "10s" });
    await expect(open.limit("list")).rejects.toMatchObject({ prefix: "WRONGTYPE" });
    await expect(open.limit("list")).rejects.toBeInstanceOf(ReplyError);

    await ctx.admin.config("SET", "lua-time-limit", "20");
    const blocker = new Redis({ host: ctx.server.host, port: ctx.server.port, lazyConnect: true });
    const running = blocker.eval("while true do end", 0).catch(() => "killed");
    try {
      // Once the blocker's script runs past lua-time-limit, the server answers BUSY (bounded wait: 5 s).
      const until = performance.now() + 5000;
      let result = await open.limit("busy-0");
      for (let i = 1; result.source === "redis" && performance.now() < until; i++) {
        await sleepAtLeast(5);
        result = await open.limit(`busy-${i}`);
      }
      expect(result).toMatchObject({ allowed: true, source: "on-error", error: { prefix: "BUSY" } });
    } finally {
      for (let i = 0; i < 100; i++) {
        const killed = await ctx.admin.script("KILL").then(
          () => true,
          (error: Error) => !/BUSY/.test(error.message) && /NOTBUSY/.test(error.message),
        );
        if (killed) break;
        await sleepAtLeast(10);
      }
      expect(await running).toBe("killed");
      blocker.disconnect();
      await ctx.admin.config("SET", "lua-time-limit", "5000");
    }
  });
};
