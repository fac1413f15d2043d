/**
 * Property tests of the rate limiter against a real redis-server. Any key, window, limit, options and cost end in a
 * typed refusal with nothing sent, or in decisions that match a model of the limit; peeks and denials write nothing.
 *
 * The model: while no window can have slid (the whole sequence took less than window / limit), every algorithm
 * allows a call exactly when the cost used so far plus its own fits in the limit, and `remaining` is what is left.
 */
import {
  type Duration,
  InvalidArgumentError,
  MAX_SLIDING_LOG_LIMIT,
  type RateLimitAlgorithm,
  type RateLimiter,
  type RateLimitResult,
  type RedisPool,
} from "@beeredis/core";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  anyDuration,
  type DurationInput,
  deliberateVerdict,
  expectTyped,
  FuzzServer,
  freshKey,
  type Outcome,
  settle,
} from "./fuzz-helpers.js";

const ALGORITHMS: RateLimitAlgorithm[] = ["sliding-log", "gcra", "fixed-window", "sliding-window"];
const garbage = fc.constantFrom<unknown>(null, undefined, true, {}, [], Number.NaN);
/** Wrong types for an optional option (null is left out: like undefined, it asks for the default). */
const wrongType = fc.constantFrom<unknown>(true, 42, {}, []);

/** Mostly windows long enough for the exact model, plus anything at all. */
const window = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom<DurationInput>(
      { input: "1h", ms: 3_600_000 },
      { input: "1d", ms: 86_400_000 },
      { input: 600_000, ms: 600_000 },
    ),
  },
  anyDuration,
);
const limit = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 5 }) },
  fc.integer({ min: -1, max: 1_000_000 }),
  fc.double(),
  fc.constant(Number.MAX_SAFE_INTEGER),
  garbage,
);
/** A key for one run: empty or garbage (both refused), or unique text that may hold braces. */
const key = fc.oneof(
  { weight: 5, arbitrary: fc.string().map((text) => `${freshKey("rate")}${text}`) },
  fc.constant(""),
  garbage,
);

/** One call on a limiter: `limit` or `peek` with a cost (undefined: the default), or `reset`. */
type Op = { kind: "limit" | "peek" | "reset"; cost: unknown };

const isLimit = (value: unknown) => typeof value === "number" && Number.isSafeInteger(value) && value > 0;
/** The sliding log (the default, and `rateLimit()`'s) keeps at most MAX_SLIDING_LOG_LIMIT entries per key. */
const isLogLimit = (value: unknown) => isLimit(value) && (value as number) <= MAX_SLIDING_LOG_LIMIT;
const isKey = (value: unknown) => typeof value === "string" && value !== "";
/** The window limits the documentation gives: at least 1 µs, at most 100 years. */
const windowFits = (ms: number) => ms >= 0.001 && ms <= 100 * 365.25 * 86_400_000;

describe("fuzz: rate limiter", () => {
  let redis: FuzzServer;
  let pool: RedisPool;

  beforeAll(async () => {
    redis = await FuzzServer.start();
    pool = await redis.pool();
  });
  afterAll(() => redis?.stop());

  it("rateLimit(key, window, limit): refused with nothing sent, or exactly `limit` allowed while the window holds", async () => {
    await fc.assert(
      fc.asyncProperty(key, window, limit, async (name, span, max) => {
        const spanVerdict = deliberateVerdict(span);
        const mark = await redis.bytesReceived();
        const first = await settle(() =>
          pool.rateLimit(name as string, span.input as Duration, max as number),
        );
        if (!isKey(name) || !isLogLimit(max) || spanVerdict === "refuse") {
          expectTyped(first, InvalidArgumentError);
          expect(await redis.bytesSince(mark)).toBe(0);
          return;
        }
        if (!first.ok) {
          expectTyped(first, InvalidArgumentError); // a window beyond the documented 1 µs .. 100 years
          expect(windowFits(span.ms ?? 1) && spanVerdict === "accept").toBe(false);
          return;
        }
        const started = performance.now();
        const decisions = [first.value];
        const calls = Math.min(max as number, 6) + 2;
        while (decisions.length < calls)
          decisions.push(await pool.rateLimit(name as string, span.input as Duration, max as number));
        const elapsed = performance.now() - started;
        const stored = await redis.admin.zcard(`rate:{${name}}`);
        expect(stored).toBeLessThanOrEqual(max as number);
        if (!holdsFor(span, max as number, elapsed)) return;
        expect(decisions).toEqual(decisions.map((_, i) => i < (max as number)));
        expect(stored).toBe(Math.min(calls, max as number));
      }),
      { numRuns: 200 },
    );
  });

  describe("rateLimiter(options)", () => {
    const options = fc.record(
      {
        algorithm: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ALGORITHMS) }, fc.string(), wrongType),
        limit,
        window,
        prefix: fc.oneof({ weight: 3, arbitrary: fc.string({ maxLength: 6 }) }, wrongType),
        localCache: fc.oneof(
          fc.boolean(),
          fc.record({ maxKeys: fc.oneof(fc.integer({ min: -1, max: 5 }), fc.double(), wrongType) }),
          wrongType,
        ),
        onError: fc.oneof(fc.constantFrom("throw", "allow", "deny"), fc.string(), wrongType),
      },
      { requiredKeys: ["limit", "window"] },
    );
    const cost = fc.oneof(
      { weight: 5, arbitrary: fc.integer({ min: 0, max: 4 }) },
      fc.integer({ min: -2, max: 20 }),
      fc.double(),
      garbage,
    );
    const op = fc.oneof(
      { weight: 4, arbitrary: cost.map((c) => ({ kind: "limit" as const, cost: c })) },
      cost.map((c) => ({ kind: "peek" as const, cost: c })),
      fc.constant({ kind: "reset" as const, cost: undefined }),
    );

    it("is refused for bad options, and otherwise applies the documented defaults", async () => {
      await fc.assert(
        fc.asyncProperty(options, async (given) => {
          const outcome = await settle(() =>
            pool.rateLimiter({ ...given, window: given.window.input } as never),
          );
          if (!validOptions(given)) return expectTyped(outcome, InvalidArgumentError);
          if (!outcome.ok) return expectTyped(outcome, InvalidArgumentError); // a window beyond 1 µs .. 100 years
          const algorithm = (given.algorithm ?? "sliding-log") as RateLimitAlgorithm;
          const defaultPrefix = {
            "sliding-log": "rate:",
            gcra: "rate:gcra:",
            "fixed-window": "rate:fixed:",
            "sliding-window": "rate:sw:",
          };
          expect(outcome.value.options).toMatchObject({
            algorithm,
            limit: given.limit,
            prefix: given.prefix ?? defaultPrefix[algorithm],
            onError: given.onError ?? "throw",
          });
        }),
        { numRuns: 300 },
      );
    });

    it("limit, peek and reset with any cost follow the model; refusals send nothing; peeks and denials write nothing", async () => {
      const valid = options.filter(validOptions);
      await fc.assert(
        fc.asyncProperty(valid, fc.array(op, { minLength: 1, maxLength: 12 }), async (given, ops) => {
          const created = await settle(() =>
            pool.rateLimiter({ ...given, window: given.window.input } as never),
          );
          if (!created.ok) return; // a window beyond 1 µs .. 100 years: the previous property checks it
          const limiter = created.value;
          const name = freshKey("limiter");
          const max = limiter.options.limit;
          const started = performance.now();
          const steps: { op: Op; outcome: Outcome<unknown>; wrote: boolean; sent: number }[] = [];
          for (const next of ops) {
            const writes = await redis.writes();
            const mark = await redis.bytesReceived();
            const outcome = await settle(() => run(limiter, name, next));
            const sent = await redis.bytesSince(mark);
            steps.push({ op: next, outcome, wrote: (await redis.writes()) !== writes, sent });
          }
          const exact = holdsFor(given.window, max, performance.now() - started);
          let used = 0;
          for (const { op: step, outcome, wrote, sent } of steps) {
            if (step.kind !== "reset" && !isCost(step.cost, max)) {
              expectTyped(outcome, InvalidArgumentError);
              expect(sent).toBe(0);
              continue;
            }
            expect(outcome.ok, String(!outcome.ok && outcome.error)).toBe(true);
            const value = (outcome as { value: unknown }).value;
            if (step.kind === "reset") {
              if (exact) expect(value).toBe(used > 0);
              used = 0;
              continue;
            }
            const result = value as RateLimitResult;
            expectWellFormed(result, max);
            if (step.kind === "peek" || !result.allowed) expect(wrote).toBe(false);
            if (result.source === "local-cache") expect(sent).toBe(0);
            if (!exact) continue;
            const cost = step.cost === undefined ? 1 : (step.cost as number);
            expect(result.allowed).toBe(used + cost <= max);
            if (step.kind === "limit" && result.allowed) used += cost;
            if (result.source === "redis") expect(result.remaining).toBe(max - used);
          }
        }),
        { numRuns: 150 },
      );
    });
  });
});

function run(limiter: RateLimiter, name: string, { kind, cost }: Op): Promise<boolean | RateLimitResult> {
  if (kind === "reset") return limiter.reset(name);
  const options = cost === undefined ? undefined : { cost: cost as number };
  return kind === "peek" ? limiter.peek(name, options) : limiter.limit(name, options);
}

function expectWellFormed(result: RateLimitResult, max: number): void {
  expect(result.limit).toBe(max);
  expect(result.remaining).toBeGreaterThanOrEqual(0);
  expect(result.remaining).toBeLessThanOrEqual(max);
  expect(result.resetAfterMs).toBeGreaterThanOrEqual(0);
  expect(result.retryAfterMs).toBeGreaterThanOrEqual(0);
  if (result.allowed) expect(result.retryAfterMs).toBe(0);
  expect(["redis", "local-cache"]).toContain(result.source);
  if (result.source === "redis") expect(Math.abs(result.serverTime! - Date.now())).toBeLessThan(5000);
}

/** A cost must be an integer from 0 to the limit. */
function isCost(cost: unknown, max: number): boolean {
  if (cost === undefined) return true;
  return typeof cost === "number" && Number.isSafeInteger(cost) && cost >= 0 && cost <= max;
}

/** True when no window can have slid during `elapsed` ms: the model is then exact for every algorithm. */
function holdsFor({ ms }: DurationInput, max: number, elapsed: number): boolean {
  return typeof ms === "number" && ms / max > 2 * elapsed + 100;
}

/** Whether the SPEC and the option types accept these limiter options (nullish ones mean the defaults). */
function validOptions(given: { window: DurationInput } & Record<string, unknown>): boolean {
  const { algorithm, prefix, localCache, onError } = given;
  const maxKeys = (localCache as { maxKeys?: unknown } | null)?.maxKeys;
  const cache =
    localCache === undefined ||
    typeof localCache === "boolean" ||
    (typeof localCache === "object" && localCache !== null && (maxKeys === undefined || isLimit(maxKeys)));
  return (
    (algorithm === undefined || ALGORITHMS.includes(algorithm as RateLimitAlgorithm)) &&
    (onError === undefined || ["throw", "allow", "deny"].includes(onError as string)) &&
    (prefix === undefined || typeof prefix === "string") &&
    ((algorithm ?? "sliding-log") === "sliding-log" ? isLogLimit(given.limit) : isLimit(given.limit)) &&
    deliberateVerdict(given.window) !== "refuse" &&
    cache
  );
}
