/**
 * Property tests of the multi-limit rate limiter, and of block and refund on every limiter, against a real
 * redis-server.
 *
 * The model: windows are hours long, so nothing slides during a run; each key has a used cost. A decision is
 * allowed exactly when none of its keys is blocked and every limit's key has room for the cost; then every key is
 * charged once. A refund takes `cost` off every key (never below 0), a block denies its key until reset.
 * Concurrency: decisions and refunds racing from several connections leave exactly allowed − refunded in each log.
 */
import { Minute, type MultiRateLimiter, type RateLimitAlgorithm, type RedisPool } from "@beeredis/core";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FuzzServer, freshKey } from "./fuzz-helpers.js";

const HOUR = 60 * Minute;
/** Key values share one hash tag, like a deployment on Redis Cluster would. */
const VALUES = ["{f}a", "{f}b", "{f}c"];

type Op =
  | { kind: "limit" | "peek"; user: number; ip: number; cost: number }
  | { kind: "refund"; user: number; ip: number; cost: number }
  | { kind: "block" | "reset"; target: number };

const rule = fc.record({
  limit: fc.integer({ min: 1, max: 5 }),
  key: fc.constantFrom("user" as const, "ip" as const),
});
const rules = fc.array(rule, { minLength: 1, maxLength: 3 });
const index = fc.integer({ min: 0, max: VALUES.length - 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("limit" as const),
      user: index,
      ip: index,
      cost: fc.integer({ min: 0, max: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("peek" as const),
      user: index,
      ip: index,
      cost: fc.integer({ min: 0, max: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("refund" as const),
      user: index,
      ip: index,
      cost: fc.integer({ min: 1, max: 3 }),
    }),
  },
  fc.record({ kind: fc.constantFrom("block" as const, "reset" as const), target: index }),
);

describe("fuzz: multi-limit rate limiter, block and refund", () => {
  let redis: FuzzServer;
  let pools: RedisPool[];

  beforeAll(async () => {
    redis = await FuzzServer.start();
    pools = await Promise.all([redis.pool(), redis.pool(), redis.pool()]);
  });
  afterAll(() => redis?.stop());

  it("decisions, peeks, refunds, blocks and resets across keys follow the model", async () => {
    await fc.assert(
      fc.asyncProperty(rules, fc.array(op, { minLength: 1, maxLength: 16 }), async (given, ops) => {
        const prefix = `${freshKey("multi")}:`;
        const limiter = pools[0]!.rateLimiter({
          limits: given.map((r, i) => ({ name: `r${i}`, key: r.key, window: HOUR, limit: r.limit })),
          prefix,
        });
        const smallest = Math.min(...given.map((r) => r.limit));
        const used = new Map<string, number>();
        const blocked = new Set<string>();
        const usedOf = (key: string) => used.get(key) ?? 0;
        for (const step of ops) {
          if (step.kind === "block" || step.kind === "reset") {
            const key = VALUES[step.target]!;
            if (step.kind === "block") {
              await limiter.block(key, HOUR);
              blocked.add(key);
            } else {
              const held = usedOf(key) > 0 || blocked.has(key);
              expect(await limiter.reset(key)).toBe(held);
              used.delete(key);
              blocked.delete(key);
            }
            continue;
          }
          const { user, ip, cost } = step as Extract<Op, { user: number }>;
          const keys = { user: VALUES[user]!, ip: VALUES[ip]! };
          const distinct = [...new Set([keys.user, keys.ip])].filter((k) =>
            given.some((r) => keys[r.key] === k),
          );
          if (step.kind === "refund") {
            const back = Math.min(cost, ...distinct.map(usedOf));
            expect(await limiter.refund(keys, cost)).toBe(back);
            for (const k of distinct) used.set(k, Math.max(0, usedOf(k) - cost));
            continue;
          }
          if (cost > smallest) {
            await expect(limiter[step.kind](keys, { cost })).rejects.toThrow(/exceeds the limit/);
            continue;
          }
          const result = await limiter[step.kind](keys, { cost });
          const fits = given.map((r) => usedOf(keys[r.key]) + cost <= r.limit);
          const isBlocked = distinct.some((k) => blocked.has(k));
          const allowed = !isBlocked && fits.every(Boolean);
          expect(result.allowed).toBe(allowed);
          expect(result.limits.map((r) => r.allowed)).toEqual(fits);
          if (!allowed) expect(result.retryAfterMs).toBeGreaterThan(0);
          if (isBlocked) expect(distinct).toContain(result.blockedKey);
          if (fits.every(Boolean)) expect(result.deniedBy).toBeUndefined();
          else expect(fits[Number(result.deniedBy?.slice(1))]).toBe(false);
          const charged = allowed && step.kind === "limit";
          expect(result.limits.map((r) => r.remaining)).toEqual(
            given.map((r) => Math.max(0, r.limit - usedOf(keys[r.key]) - (charged ? cost : 0))),
          );
          if (charged) for (const k of distinct) used.set(k, usedOf(k) + cost);
        }
        for (const key of VALUES) expect(await redis.admin.zcard(`${prefix}{${key}}`)).toBe(usedOf(key));
      }),
      { numRuns: 150 },
    );
  });

  it("decisions and refunds racing from 3 connections leave exactly allowed − refunded, never over a limit", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.record({ user: index, refund: fc.boolean(), cost: fc.integer({ min: 1, max: 2 }) }), {
          minLength: 1,
          maxLength: 60,
        }),
        async (userLimit, ipLimit, calls) => {
          const prefix = `${freshKey("race")}:`;
          const limits = [
            { name: "user", key: "user" as const, window: HOUR, limit: Math.max(2, userLimit) },
            { name: "ip", key: "ip" as const, window: HOUR, limit: Math.max(2, ipLimit) },
          ];
          const limiters: MultiRateLimiter<"user" | "ip">[] = pools.map((pool) =>
            pool.rateLimiter({ limits, prefix }),
          );
          const charged = new Map<string, number>();
          const add = (key: string, n: number) => charged.set(key, (charged.get(key) ?? 0) + n);
          await Promise.all(
            calls.map(async (call, i) => {
              const limiter = limiters[i % limiters.length]!;
              const keys = { user: VALUES[call.user]!, ip: "{f}ip" };
              const result = await limiter.limit(keys, { cost: call.cost });
              if (!result.allowed) return;
              add(keys.user, call.cost);
              add(keys.ip, call.cost);
              if (!call.refund) return;
              const back = await limiter.refund(keys, call.cost);
              add(keys.user, -back);
              add(keys.ip, -back);
            }),
          );
          for (const key of [...VALUES, "{f}ip"]) {
            const stored = await redis.admin.zcard(`${prefix}{${key}}`);
            expect({ key, stored }).toEqual({ key, stored: charged.get(key) ?? 0 });
          }
          expect(await redis.admin.zcard(`${prefix}{{f}ip}`)).toBeLessThanOrEqual(limits[1]!.limit);
          for (const key of VALUES)
            expect(await redis.admin.zcard(`${prefix}{${key}}`)).toBeLessThanOrEqual(limits[0]!.limit);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("a block racing decisions from 3 connections: every decision after it is denied, and the log holds what was allowed", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        async (limit, before, after) => {
          const prefix = `${freshKey("block")}:`;
          const limiters = pools.map((pool) =>
            pool.rateLimiter({
              limits: [
                { window: HOUR, limit },
                { window: 2 * HOUR, limit: 2 * limit },
              ],
              prefix,
            }),
          );
          const racing = Promise.all(
            Array.from({ length: before }, (_, i) => limiters[i % 3]!.limit("k").then((r) => r.allowed)),
          );
          await limiters[0]!.block("k", HOUR);
          const late = await Promise.all(
            Array.from({ length: after }, (_, i) => limiters[i % 3]!.limit("k")),
          );
          expect(late.every((r) => !r.allowed && r.blockedKey === "k" && r.retryAfterMs > 0)).toBe(true);
          const allowed = (await racing).filter(Boolean).length;
          expect(allowed).toBeLessThanOrEqual(limit);
          expect(await redis.admin.zcard(`${prefix}{k}`)).toBe(allowed);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("every algorithm: limit, refund, block and reset follow the model", async () => {
    const single = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({ kind: fc.constant("limit" as const), cost: fc.integer({ min: 0, max: 3 }) }),
      },
      {
        weight: 2,
        arbitrary: fc.record({ kind: fc.constant("refund" as const), cost: fc.integer({ min: 1, max: 3 }) }),
      },
      fc.record({ kind: fc.constantFrom("block" as const, "reset" as const), cost: fc.constant(0) }),
    );
    const algorithms: RateLimitAlgorithm[] = ["sliding-log", "gcra", "fixed-window", "sliding-window"];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...algorithms),
        fc.integer({ min: 3, max: 6 }),
        fc.array(single, { minLength: 1, maxLength: 14 }),
        async (algorithm, limit, ops) => {
          // A day: a sliding-window bucket or a GCRA interval never turns during a run.
          const limiter = pools[1]!.rateLimiter({ algorithm, limit, window: 24 * HOUR });
          const key = freshKey(algorithm);
          let used = 0;
          let blocked = false;
          for (const step of ops) {
            if (step.kind === "block") {
              await limiter.block(key, HOUR);
              blocked = true;
            } else if (step.kind === "reset") {
              await limiter.reset(key);
              [used, blocked] = [0, false];
            } else if (step.kind === "refund") {
              expect({ algorithm, back: await limiter.refund(key, step.cost) }).toEqual({
                algorithm,
                back: Math.min(step.cost, used),
              });
              used = Math.max(0, used - step.cost);
            } else {
              const result = await limiter.limit(key, { cost: step.cost });
              const allowed = !blocked && used + step.cost <= limit;
              expect({ algorithm, allowed: result.allowed }).toEqual({ algorithm, allowed });
              if (allowed) used += step.cost;
              if (!blocked)
                expect({ algorithm, remaining: result.remaining }).toEqual({
                  algorithm,
                  remaining: limit - used,
                });
            }
          }
          await limiter.reset(key);
        },
      ),
      { numRuns: 150 },
    );
  });
});
