/** `LiteRegistry` over HTTP: the edge-sized pool still does calls, batches, scripts, rate limits and locks. */
import {
  LitePool,
  LiteRegistry,
  Minute,
  MultiRateLimiter,
  RedisPool,
  type ValidatedRegistry,
} from "@beeredis/core";
import { createGateway, type Gateway } from "@beeredis/gateway";
import { type RedisServer, startRedis } from "@beeredis/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { http } from "../src/index.js";

describe("LiteRegistry over HTTP", () => {
  let server: RedisServer;
  let gateway: Gateway;
  let registry: ValidatedRegistry<LitePool>;
  let pool: LitePool;

  beforeAll(async () => {
    server = await startRedis();
    gateway = await createGateway({ redis: server.url, tokens: [{ token: "t" }], port: 0 });
    registry = await new LiteRegistry({ transport: http({ token: "t" }) })
      .registerRedis(gateway.url, 0)
      .validate({ connect: true });
    pool = registry.createEngine().getRedis();
  });
  afterAll(async () => {
    await registry.close();
    await gateway.close();
    await server.stop();
  });

  it("hands out LitePools without a method per command", () => {
    expect(pool).toBeInstanceOf(LitePool);
    expect(pool).not.toBeInstanceOf(RedisPool);
    expect("get" in pool).toBe(false);
  });

  it("call, pipeline, multi and script reach the server", async () => {
    expect(await pool.call("SET", "k", "v")).toBe("OK");
    expect(await pool.call("GET", "k")).toBe("v");
    expect(await pool.pipeline().call("INCR", "n").call("GET", "k").exec()).toEqual([1, "v"]);
    expect(await pool.multi().call("INCR", "n").call("INCR", "n").exec()).toEqual([2, 3]);
    expect(await pool.script("return redis.call('GET', KEYS[1])", ["k"])).toBe("v");
  });

  it("rateLimit allows 5 of 6, the rate limiter resets, blocks, refunds and takes several limits, and a lock is exclusive with a fencing token", async () => {
    const decisions = [];
    for (let i = 0; i < 6; i++) decisions.push(await pool.rateLimit("login", Minute, 5));
    expect(decisions).toEqual([true, true, true, true, true, false]);
    const limiter = pool.rateLimiter({ limit: 1, window: "1m" });
    expect((await limiter.limit("u")).allowed).toBe(true);
    expect((await limiter.limit("u")).allowed).toBe(false);
    expect(await limiter.reset("u")).toBe(true);
    expect((await limiter.limit("u")).allowed).toBe(true);

    await limiter.block("u", Minute);
    expect((await limiter.peek("u")).allowed).toBe(false);
    expect(await limiter.refund("u", 1)).toBe(1);

    // Several limits: built from the class, so a LitePool app that never uses them does not bundle them.
    const several = new MultiRateLimiter(pool, {
      limits: [
        { window: "1s", limit: 1 },
        { window: "1m", limit: 5 },
      ],
    });
    expect((await several.limit("m")).allowed).toBe(true);
    const denied = await several.limit("m");
    expect(denied).toMatchObject({ allowed: false, deniedBy: "1s" });
    expect((await several.waitFor("m", { timeout: "5s" })).allowed).toBe(true);

    const locker = pool.getLocker();
    const lock = await locker.obtain("job", "10s");
    expect(lock).not.toBeNull();
    expect(await locker.obtain("job", "10s")).toBeNull();
    await lock?.release();
    const next = await locker.obtain("job", "10s");
    expect(next?.fencingToken).toBeGreaterThan(lock?.fencingToken ?? Number.POSITIVE_INFINITY);
    await next?.release();
  });
});
