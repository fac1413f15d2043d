import { InvalidArgumentError, Minute, MULTI_LIMIT_SCRIPT, UnsupportedError } from "@beeredis/core";
import { expect } from "vitest";
import { callsIn } from "../commandstats.js";
import type { Cases } from "../context.js";
import { ONE_SERVER } from "../needs.js";
import { micros, separateEngines, sleepAtLeast } from "./helpers.js";

const ms = (us: number) => Math.ceil(us / 1000);

export const multiLimitCases: Cases = (ctx, it) => {
  it("two limits on one key: allowed only when both allow, charged once to one log, denial names the limit", async () => {
    const limiter = ctx.pool.rateLimiter({
      limits: [
        { name: "short", window: "300ms", limit: 2 },
        { name: "long", window: Minute, limit: 3 },
      ],
    });
    const first = await limiter.limit("k");
    expect(first).toMatchObject({ allowed: true, limit: 2, remaining: 1, retryAfterMs: 0, source: "redis" });
    expect(
      first.limits.map(({ name, key, allowed, limit, remaining }) => ({
        name,
        key,
        allowed,
        limit,
        remaining,
      })),
    ).toEqual([
      { name: "short", key: "k", allowed: true, limit: 2, remaining: 1 },
      { name: "long", key: "k", allowed: true, limit: 3, remaining: 2 },
    ]);
    expect((await limiter.limit("k")).allowed).toBe(true);
    const short = await limiter.limit("k");
    expect(short).toMatchObject({ allowed: false, deniedBy: "short", remaining: 0 });
    expect(short.retryAfterMs).toBeGreaterThan(0);
    expect(short.retryAfterMs).toBeLessThanOrEqual(300);
    expect(short.limits.map((rule) => rule.allowed)).toEqual([false, true]);
    expect(await ctx.admin.zcard("rate:multi:{k}")).toBe(2);
    await sleepAtLeast(short.retryAfterMs);
    expect((await limiter.limit("k")).allowed).toBe(true);
    const long = await limiter.limit("k");
    expect(long).toMatchObject({ allowed: false, deniedBy: "long" });
    expect(long.retryAfterMs).toBeGreaterThan(30_000);
    expect(await ctx.admin.zcard("rate:multi:{k}")).toBe(3);
    const peeked = await limiter.peek("k");
    expect(peeked).toMatchObject({ allowed: false, deniedBy: "long" });
    expect(await limiter.reset("k")).toBe(true);
    expect((await limiter.limit("k", { cost: 2 })).allowed).toBe(true);
  });

  it("a window emptied while a longer one on the same key still counts: exact remaining, reset and retry", async () => {
    const limiter = ctx.pool.rateLimiter({
      limits: [
        { name: "short", window: "200ms", limit: 2 },
        { name: "long", window: Minute, limit: 3 },
      ],
    });
    const fresh = await limiter.peek("k");
    expect(fresh.limits.map(({ remaining, resetAfterMs }) => [remaining, resetAfterMs])).toEqual([
      [2, 0],
      [3, 0],
    ]);
    const started = Date.now();
    expect((await limiter.limit("k", { cost: 2 })).allowed).toBe(true);
    await sleepAtLeast(250);
    const third = await limiter.limit("k");
    expect(third.limits.map(({ allowed, remaining }) => [allowed, remaining])).toEqual([
      [true, 1],
      [true, 0],
    ]);
    await sleepAtLeast(250);
    const denied = await limiter.limit("k");
    const elapsed = Date.now() - started;
    expect(denied).toMatchObject({ allowed: false, deniedBy: "long", remaining: 0 });
    const [short, long] = denied.limits;
    expect(short).toMatchObject({ allowed: true, remaining: 2, resetAfterMs: 0, retryAfterMs: 0 });
    expect(long).toMatchObject({ allowed: false, remaining: 0 });
    // The oldest entry (the first call's) leaves first; the newest (the third call's) last.
    expect(long!.retryAfterMs).toBeLessThanOrEqual(60_000 - 500);
    expect(long!.retryAfterMs).toBeGreaterThanOrEqual(60_000 - elapsed - 1);
    expect(long!.resetAfterMs).toBeGreaterThanOrEqual(long!.retryAfterMs + 250);
    expect(denied.retryAfterMs).toBe(long!.retryAfterMs);
    expect(await ctx.admin.zcard("rate:multi:{k}")).toBe(3);
  });

  it(
    "a denial by the long window of a key whose short window is empty counts one window",
    ONE_SERVER,
    async () => {
      const limiter = ctx.pool.rateLimiter({
        limits: [
          { window: "1s", limit: 10 },
          { window: "1m", limit: 2 },
        ],
      });
      await limiter.limit("k", { cost: 2 });
      await sleepAtLeast(1_050);
      await ctx.admin.config("RESETSTAT");
      expect((await limiter.limit("k")).allowed).toBe(false);
      const stats = await ctx.admin.info("commandstats");
      expect(callsIn(stats, "zcount")).toBe(1);
      // The long window's gate, 2 from the end, comes with the newest entry (the reset): one ZRANGE.
      expect(callsIn(stats, "zrange")).toBe(1);
    },
  );

  it(
    "entries older than every window count for nothing and go with the next allowed call; each limit's retry is the entry that must leave, without counting the log",
    ONE_SERVER,
    async () => {
      const limiter = ctx.pool.rateLimiter({
        limits: [
          { name: "short", window: "10s", limit: 2 },
          { name: "long", window: Minute, limit: 3 },
        ],
      });
      const start = micros(await limiter.peek("old"));
      const [old, mid] = [start - 61_000_000, start - 30_000_000];
      await ctx.admin.zadd("rate:multi:{old}", old, `${old}-1`, old + 1, `${old + 1}-1`, mid, `${mid}-1`);
      const peek = await limiter.peek("old", { cost: 2 });
      expect(peek.allowed).toBe(true);
      expect(peek.limits.map(({ remaining, resetAfterMs }) => [remaining, resetAfterMs])).toEqual([
        [2, 0],
        [2, ms(mid + 60_000_000 - micros(peek))],
      ]);
      const first = await limiter.limit("old", { cost: 2 });
      expect(first.limits.map(({ remaining, resetAfterMs }) => [remaining, resetAfterMs])).toEqual([
        [0, 10_000],
        [0, Minute],
      ]);
      expect(await ctx.admin.zcard("rate:multi:{old}")).toBe(3);
      await ctx.admin.config("RESETSTAT");
      const denied = await limiter.limit("old");
      const at = micros(denied);
      expect(denied).toMatchObject({
        allowed: false,
        deniedBy: "long",
        remaining: 0,
        retryAfterMs: ms(mid + 60_000_000 - at),
      });
      expect(
        denied.limits.map(({ allowed, remaining, resetAfterMs, retryAfterMs }) => ({
          allowed,
          remaining,
          resetAfterMs,
          retryAfterMs,
        })),
      ).toEqual([
        {
          allowed: false,
          remaining: 0,
          resetAfterMs: ms(micros(first) + 10_000_000 - at),
          retryAfterMs: ms(micros(first) + 10_000_000 - at),
        },
        {
          allowed: false,
          remaining: 0,
          resetAfterMs: ms(micros(first) + 60_000_000 - at),
          retryAfterMs: ms(mid + 60_000_000 - at),
        },
      ]);
      // A denial at a cost of 1 reads each limit's entry that must leave, near the end and so with the newest entry
      // after it (the reset) in the same ZRANGE; it counts nothing.
      const stats = await ctx.admin.info("commandstats");
      expect(callsIn(stats, "zcount")).toBe(0);
      expect(callsIn(stats, "zrange")).toBe(2);
      expect(await ctx.admin.zcard("rate:multi:{old}")).toBe(3);
    },
  );

  it("across keys (per user AND per IP): a denial by either charges neither", async () => {
    const limiter = ctx.pool.rateLimiter({
      limits: [
        { name: "user", key: "user", window: Minute, limit: 2 },
        { name: "ip", key: "ip", window: Minute, limit: 3 },
      ],
    });
    // One hash tag, so the cluster keeps both logs in one slot.
    const ip = "{t}ip:203.0.113.9";
    const user = (n: number) => `{t}user:${n}`;
    expect((await limiter.limit({ user: user(1), ip })).allowed).toBe(true);
    expect((await limiter.limit({ user: user(1), ip })).allowed).toBe(true);
    const byUser = await limiter.limit({ user: user(1), ip });
    expect(byUser).toMatchObject({ allowed: false, deniedBy: "user" });
    expect(byUser.limits.map((rule) => [rule.key, rule.allowed])).toEqual([
      [user(1), false],
      [ip, true],
    ]);
    expect((await limiter.limit({ user: user(2), ip })).allowed).toBe(true);
    const byIp = await limiter.limit({ user: user(3), ip });
    expect(byIp).toMatchObject({ allowed: false, deniedBy: "ip" });
    expect(await ctx.admin.exists(limiter.redisKey(user(3)))).toBe(0);
    expect(await ctx.admin.zcard(limiter.redisKey(ip))).toBe(3);
    expect(await ctx.admin.zcard(limiter.redisKey(user(1)))).toBe(2);
  });

  it("on Redis Cluster, keys of one decision without a shared hash tag are refused before anything is sent", async () => {
    const limiter = ctx.pool.rateLimiter({
      limits: [
        { key: "user", window: Minute, limit: 2, name: "user" },
        { key: "ip", window: Minute, limit: 3, name: "ip" },
      ],
    });
    const call = limiter.limit({ user: "user:1", ip: "ip:1" });
    if (ctx.pool.getCapabilities().cluster) {
      await expect(call).rejects.toThrow(UnsupportedError);
      await expect(call).rejects.toThrow(/same \{tag\}/);
      expect(await ctx.admin.exists(limiter.redisKey("user:1"), limiter.redisKey("ip:1"))).toBe(0);
    } else {
      expect((await call).allowed).toBe(true);
    }
  });

  it("200 concurrent two-limit decisions across keys from 4 engines allow exactly what the tightest limits allow", async () => {
    const { pools, close } = await separateEngines(ctx, 4);
    try {
      const rules = [
        { name: "user", key: "user" as const, window: Minute, limit: 2 },
        { name: "ip", key: "ip" as const, window: 60 * Minute, limit: 5 },
        { name: "ip-burst", key: "ip" as const, window: Minute, limit: 7 },
      ];
      const limiters = pools.map((pool) => pool.rateLimiter({ limits: rules }));
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          limiters[i % 4]!.limit({ user: `{c}u${i % 3}`, ip: "{c}ip" }).then((r) => ({
            i,
            allowed: r.allowed,
          })),
        ),
      );
      const allowed = results.filter((r) => r.allowed);
      expect(allowed).toHaveLength(5);
      for (let u = 0; u < 3; u++) expect(allowed.filter((r) => r.i % 3 === u).length).toBeLessThanOrEqual(2);
      expect(await ctx.admin.zcard("rate:multi:{{c}ip}")).toBe(5);
      let logged = 0;
      for (let u = 0; u < 3; u++) logged += await ctx.admin.zcard(`rate:multi:{{c}u${u}}`);
      expect(logged).toBe(5);
    } finally {
      await close();
    }
  });

  it("one round trip per multi-limit decision: one evalsha each, nothing else", ONE_SERVER, async () => {
    const limiter = ctx.pool.rateLimiter({
      limits: [
        { window: "1s", limit: 10 },
        { window: "1m", limit: 100 },
      ],
    });
    await limiter.limit("warm");
    await ctx.admin.config("RESETSTAT");
    for (let i = 0; i < 5; i++) {
      await limiter.limit(`k${i}`);
      await limiter.peek(`k${i}`);
    }
    const stats = await ctx.admin.info("commandstats");
    expect(callsIn(stats, "evalsha")).toBe(10);
    expect(callsIn(stats, "eval")).toBe(0);
    expect(await ctx.pool.scriptLoad(MULTI_LIMIT_SCRIPT.lua)).toBe(await MULTI_LIMIT_SCRIPT.sha());
  });

  it("bad limits, keys and costs are refused with InvalidArgumentError before anything is sent", async () => {
    const pool = ctx.pool;
    const bad: unknown[] = [
      { limits: [] },
      { limits: "1m" },
      { limits: [{ window: "1m", limit: 0 }] },
      { limits: [{ window: 0, limit: 3 }] },
      {
        limits: [
          { window: "1m", limit: 3 },
          { window: "1m", limit: 5 },
        ],
      },
      {
        limits: [
          { window: "1m", limit: 3, key: "user" },
          { window: "1h", limit: 5 },
        ],
      },
      { limits: [{ window: "1m", limit: 3 }], algorithm: "gcra" },
      { limits: [{ window: "1m", limit: 3 }], dynamicLimits: "yes" },
      { limits: Array.from({ length: 17 }, (_, i) => ({ window: i + 1, limit: 1 })) },
    ];
    for (const options of bad) {
      expect({ options, threw: throwsInvalid(() => pool.rateLimiter(options as never)) }).toEqual({
        options,
        threw: true,
      });
    }
    const single = pool.rateLimiter({
      limits: [
        { window: "1m", limit: 3 },
        { window: "1h", limit: 5 },
      ],
    });
    const keyed = pool.rateLimiter({
      limits: [
        { name: "u", key: "user", window: "1m", limit: 3 },
        { name: "i", key: "ip", window: "1m", limit: 3 },
      ],
    });
    const calls: (() => Promise<unknown>)[] = [
      () => single.limit("" as never),
      () => single.limit({ user: "u" } as never),
      () => single.limit("k", { cost: 4 }),
      () => single.limit("k", { cost: -1 }),
      () => single.limit("k", { tier: "pro" }),
      () => keyed.limit({ user: "u" } as never),
      () => keyed.limit("u" as never),
      () => keyed.limit({ user: "u", ip: "" }),
      () => single.block("k", 0),
      () => single.refund("k", 0),
      () => single.setLimit("k", 5),
    ];
    for (const [i, call] of calls.entries()) {
      const outcome = await call().then(
        () => "resolved",
        (error: unknown) => (error instanceof InvalidArgumentError ? "InvalidArgumentError" : String(error)),
      );
      expect({ i, outcome }).toEqual({ i, outcome: "InvalidArgumentError" });
    }
    expect(await ctx.admin.dbsize()).toBe(0);
  });
};

function throwsInvalid(build: () => unknown): boolean {
  try {
    build();
    return false;
  } catch (error) {
    return error instanceof InvalidArgumentError;
  }
}
