/**
 * Property tests of the locker against a real redis-server: any key, ttl, wait, signal, options and function end in a
 * typed refusal with nothing sent, or a lock that the server shows held for its ttl and gone once released; a
 * waiter that gives up never ends up holding the lock.
 */
import {
  type Duration,
  InvalidArgumentError,
  type Lock,
  type Locker,
  LockTimeoutError,
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
  verdict,
} from "./fuzz-helpers.js";

/** Time the test itself may take between an action and the read that checks it. */
const SLACK_MS = 2000;
const MAX_MS = Number.MAX_SAFE_INTEGER;

const garbage = fc.constantFrom<unknown>(null, undefined, 42, {}, [], true);
/** A lock name for one run: empty or garbage (both refused), or unique text that may hold braces. */
const name = fc.oneof(
  { weight: 6, arbitrary: fc.string().map((text) => `${freshKey("lock")}${text}`) },
  fc.constant(""),
  garbage,
);
const unset: DurationInput = { input: undefined, ms: undefined };
const signal = fc.constantFrom("none", "live", "aborted", "not-a-signal");
type SignalKind = "none" | "live" | "aborted" | "not-a-signal";

function signalOf(kind: SignalKind): unknown {
  if (kind === "live") return new AbortController().signal;
  if (kind === "aborted") return AbortSignal.abort();
  return kind === "not-a-signal" ? { aborted: "no" } : undefined;
}

/**
 * What the SPEC says of a ttl (> 0, a bare number at least 1000) or a wait (>= 0, any bare number): refused,
 * accepted, or unsaid (random text, > 2^53 ms).
 */
const ttlVerdict = (ttl: DurationInput) => (tooLong(ttl) ? "either" : deliberateVerdict(ttl));
const waitVerdict = (wait: DurationInput) => (tooLong(wait) ? "either" : verdict(wait, (ms) => ms >= 0));
const tooLong = ({ ms }: DurationInput) => typeof ms === "number" && ms > MAX_MS;

describe("fuzz: locker", () => {
  let redis: FuzzServer;
  let pool: RedisPool;
  let locker: Locker;

  beforeAll(async () => {
    redis = await FuzzServer.start();
    pool = await redis.pool();
    locker = pool.getLocker();
  });
  afterAll(() => redis?.stop());

  /** The server's view of a lock: its owner's token and ms left. */
  const held = async (key: string) => {
    const [token, pttl] = await Promise.all([
      redis.admin.get(`{lock:${key}}`),
      redis.admin.pttl(`{lock:${key}}`),
    ]);
    return { token, pttl };
  };

  it("obtain(key, ttl, wait, { signal }): refused with nothing sent, or a lock the server holds for ttl, gone once released", async () => {
    const wait = fc.oneof(fc.constant(unset), anyDuration);
    await fc.assert(
      fc.asyncProperty(name, anyDuration, wait, signal, async (key, ttl, waitFor, kind) => {
        const abort = signalOf(kind);
        const mark = await redis.bytesReceived();
        const waitInput = waitFor === unset ? 0 : waitFor.input;
        const outcome = await settle(() =>
          locker.obtain(key as string, ttl.input as number, waitInput as number, {
            signal: abort as AbortSignal,
          }),
        );
        const verdicts = [ttlVerdict(ttl), waitFor === unset ? "accept" : waitVerdict(waitFor)];
        const bad =
          typeof key !== "string" || key === "" || kind === "not-a-signal" || verdicts.includes("refuse");
        if (bad || kind === "aborted" || !outcome.ok) {
          expectRefused(outcome, bad || verdicts.includes("either"), abort);
          expect(await redis.bytesSince(mark)).toBe(0);
          return;
        }
        const lock = outcome.value!;
        expect(lock.key).toBe(key);
        expect(lock.token).toMatch(/^[0-9a-f]{32}$/);
        expect(Number.isSafeInteger(lock.fencingToken) && lock.fencingToken > 0).toBe(true);
        const ttlMs = Math.ceil(ttl.ms ?? 0);
        if (ttlMs >= SLACK_MS) {
          const server = await held(key as string);
          expect(server.token).toBe(lock.token);
          expect(Math.abs(server.pttl - ttlMs)).toBeLessThanOrEqual(SLACK_MS);
          expect(await locker.obtain(key as string, 1000, 0)).toBeNull();
        }
        const released = await lock.release();
        if (ttlMs >= SLACK_MS) expect(released).toBe(true);
        expect(await lock.release()).toBe(false);
        expect(await lock.refresh(60_000)).toBe(false);
        expect((await held(key as string)).token).toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it("refresh(ttl) extends a held lock by ttl, or is refused with nothing sent; it never revives a released lock", async () => {
    await fc.assert(
      fc.asyncProperty(anyDuration, async (extra) => {
        const key = freshKey("refresh");
        const lock = (await locker.obtain(key, 10_000))!;
        const before = (await held(key)).pttl;
        const mark = await redis.bytesReceived();
        const outcome = await settle(() => lock.refresh(extra.input as number));
        const expected = ttlVerdict(extra);
        if (expected === "refuse" || (expected === "either" && !outcome.ok)) {
          expectTyped(outcome, InvalidArgumentError);
          expect(await redis.bytesSince(mark)).toBe(0);
        } else {
          expect(outcome).toEqual({ ok: true, value: true });
          const after = (await held(key)).pttl;
          if (typeof extra.ms === "number") {
            const wanted = before + Math.ceil(extra.ms);
            expect(after).toBeLessThanOrEqual(wanted + 5 + wanted * 1e-15);
            expect(after).toBeGreaterThanOrEqual(wanted - SLACK_MS - wanted * 1e-15);
          }
        }
        expect(await lock.release()).toBe(true);
        expect(await settle(() => lock.refresh(extra.input as number))).toMatchObject(
          outcome.ok ? { ok: true, value: false } : { ok: false },
        );
        expect((await held(key)).token).toBeNull();
      }),
      { numRuns: 150 },
    );
  });

  it("locks of distinct names never share a key, whatever braces or text the names hold", async () => {
    const names = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 2, maxLength: 5 });
    await fc.assert(
      fc.asyncProperty(names, async (keys) => {
        const own = pool.getLocker({ prefix: freshKey("names").replaceAll(":", "-") });
        const locks = await Promise.all(keys.map((key) => own.obtain(key, 10_000)));
        expect(locks.every((lock) => lock !== null)).toBe(true);
        expect(await Promise.all(keys.map((key) => own.obtain(key, 10_000)))).toEqual(keys.map(() => null));
        expect(await Promise.all(locks.map((lock) => lock!.release()))).toEqual(keys.map(() => true));
      }),
      { numRuns: 100 },
    );
  });

  it("getLocker(options): refused for a bad option, else a locker whose locks work", async () => {
    const options = fc.record(
      {
        prefix: fc.oneof(fc.string({ maxLength: 6 }), garbage),
        heartbeat: anyDuration,
        minRetryDelay: anyDuration,
        blocking: fc.oneof(fc.boolean(), garbage),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(options, async (given) => {
        const outcome = await settle(() =>
          pool.getLocker({
            ...given,
            heartbeat: given.heartbeat?.input,
            minRetryDelay: given.minRetryDelay?.input,
          } as never),
        );
        // A nullish option is unset: the default applies.
        const durations = [given.heartbeat, given.minRetryDelay].filter(
          (d) => d !== undefined && d.input != null,
        );
        const prefix =
          given.prefix == null || (typeof given.prefix === "string" && /^[^{}]+$/.test(given.prefix));
        const blocking = given.blocking === undefined || typeof given.blocking === "boolean";
        const verdicts = durations.map((d) => verdict(d!, (ms) => ms > 0));
        if (!prefix || !blocking || verdicts.includes("refuse"))
          return expectTyped(outcome, InvalidArgumentError);
        if (!outcome.ok) return expectTyped(outcome, InvalidArgumentError); // a duration the SPEC leaves open
        const lock = await outcome.value.obtain(freshKey("options"), 5000, "10ms");
        expect(lock).not.toBeNull();
        expect(await lock!.release()).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  describe("withLock(key, { ttl, wait, signal }, fn)", () => {
    const options = fc.oneof(
      fc.constantFrom(undefined, null),
      fc.record({ ttl: anyDuration, wait: anyDuration, signal }, { requiredKeys: [] }),
    );
    const fn = fc.constantFrom("returns", "throws", "async", "not-a-function");
    type FnKind = "returns" | "throws" | "async" | "not-a-function";

    it("runs fn once holding the lock and always releases it, or is refused before anything is sent", async () => {
      await fc.assert(
        fc.asyncProperty(name, options, fn, async (key, given, kind) => {
          const calls: Lock[] = [];
          const thrown = new Error("from fn");
          const body = bodyOf(kind as FnKind, thrown, async (lock) => {
            calls.push(lock);
            if (ttlOf(given) >= SLACK_MS) expect((await held(key as string)).token).toBe(lock.token);
          });
          const abort = signalOf((given?.signal ?? "none") as SignalKind);
          const passed = given ? { ttl: given.ttl?.input, wait: given.wait?.input, signal: abort } : given;
          const mark = await redis.bytesReceived();
          const outcome = await settle(() => locker.withLock(key as string, passed as never, body as never));

          // A nullish ttl or wait is unset: the default applies.
          const verdicts = [
            given?.ttl?.input != null ? ttlVerdict(given.ttl) : "accept",
            given?.wait?.input != null ? waitVerdict(given.wait) : "accept",
          ];
          const bad =
            typeof key !== "string" ||
            key === "" ||
            given?.signal === "not-a-signal" ||
            kind === "not-a-function" ||
            verdicts.includes("refuse");
          if (bad || given?.signal === "aborted" || isInvalid(outcome)) {
            expectRefused(outcome, bad || verdicts.includes("either"), abort);
            expect(calls).toEqual([]);
            expect(await redis.bytesSince(mark)).toBe(0);
            return;
          }
          expect(calls).toHaveLength(1);
          expect(calls[0]!.key).toBe(key);
          expect(outcome).toEqual(
            kind === "throws" ? { ok: false, error: thrown } : { ok: true, value: kind },
          );
          expect((await held(key as string)).token).toBeNull();
        }),
        { numRuns: 200 },
      );
    });

    it("on a held lock with a short wait: LockTimeoutError, and fn never runs", async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom<Duration>(0, "1ms", 25), async (wait) => {
          const key = freshKey("busy");
          const holder = (await locker.obtain(key, 10_000))!;
          let ran = false;
          const outcome = await settle(() => locker.withLock(key, { wait }, () => (ran = true)));
          expectTyped(outcome, LockTimeoutError);
          expect(ran).toBe(false);
          expect((await held(key)).token).toBe(holder.token);
          expect(await holder.release()).toBe(true);
        }),
        { numRuns: 10 },
      );
    });
  });

  it("waiters that give up (wait over, or aborted at any moment) never end up holding the lock, nor leave keys behind", async () => {
    const waiter = fc.record({
      wait: fc.integer({ min: 0, max: 80 }),
      abortAfter: fc.option(fc.integer({ min: 0, max: 80 })),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(waiter, { minLength: 1, maxLength: 3 }), async (waiters) => {
        const key = freshKey("waiters");
        const holder = (await locker.obtain(key, 10_000))!;
        const outcomes = await Promise.all(
          waiters.map(({ wait, abortAfter }) => {
            const controller = new AbortController();
            if (abortAfter !== null) setTimeout(() => controller.abort(), abortAfter);
            return settle(() => locker.obtain(key, 5000, wait, { signal: controller.signal }));
          }),
        );
        for (const outcome of outcomes) expect(gaveUp(outcome)).toBe(true);
        expect(await holder.release()).toBe(true);
        expect(await redis.admin.keys(`{lock:${key}}*`)).toEqual([`{lock:${key}}:fence`]);
        const next = await locker.obtain(key, 1000);
        expect(next).not.toBeNull();
        expect(next!.fencingToken).toBeGreaterThan(holder.fencingToken);
        await next!.release();
      }),
      { numRuns: 40 },
    );
  });
});

/**
 * A refusal before any round trip: InvalidArgumentError for bad input (`invalid`: certainly, or possibly for a
 * duration the SPEC leaves open), else the abort's reason.
 */
function expectRefused(outcome: Outcome<unknown>, invalid: boolean, signal: unknown): void {
  const aborted = (signal as AbortSignal | undefined)?.aborted === true;
  if (invalid && (!aborted || isInvalid(outcome))) {
    expectTyped(outcome, InvalidArgumentError);
  } else {
    expect(aborted, `unexpected outcome: ${String(!outcome.ok && outcome.error)}`).toBe(true);
    expect(outcome).toEqual({ ok: false, error: (signal as AbortSignal).reason });
  }
}

const isInvalid = (outcome: Outcome<unknown>) => !outcome.ok && outcome.error instanceof InvalidArgumentError;

/** A waiter gave up: no lock (its wait ran out), or the abort's reason. */
function gaveUp(outcome: Outcome<Lock | null>): boolean {
  return outcome.ok ? outcome.value === null : (outcome.error as Error).name === "AbortError";
}

function ttlOf(given: { ttl?: DurationInput } | null | undefined): number {
  return given?.ttl?.input == null ? 10_000 : (given.ttl.ms ?? 0);
}

function bodyOf(
  kind: "returns" | "throws" | "async" | "not-a-function",
  thrown: Error,
  check: (lock: Lock) => Promise<void>,
) {
  if (kind === "not-a-function") return "not a function";
  return async (_signal: AbortSignal, lock: Lock) => {
    await check(lock);
    if (kind === "throws") throw thrown;
    if (kind === "async") await new Promise((resolve) => setTimeout(resolve, 1));
    return kind;
  };
}
