import { afterEach, describe, expect, it, vi } from "vitest";
import { TransportError } from "../errors.js";
import type { LitePool } from "../registry/lite-pool.js";
import { DecisionDeadlines } from "./deadline.js";

/** What the deadline reads of a pool: its code and address, for the error message. */
const pool = {
  getPoolConfig: () => ({ getCode: () => "cache", getAddress: () => "10.0.0.1:6379" }),
} as unknown as LitePool;

/** A decision settled from outside. */
function pending<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("decision deadlines", () => {
  it("a decision that settles in time resolves with its mapped value, or rejects with its own error", async () => {
    const deadlines = new DecisionDeadlines(1000, pool);
    const ok = pending<number>();
    const failed = pending<number>();
    const mapped = deadlines.watch(ok.promise, (value) => value * 2);
    const rejected = deadlines.watch(failed.promise, (value) => value);
    ok.resolve(21);
    const cause = new Error("lost");
    failed.reject(cause);
    expect(await mapped).toBe(42);
    await expect(rejected).rejects.toBe(cause);
  });

  it("decisions still unsettled at the timeout reject with a timed-out, sent TransportError; settled ones keep their value", async () => {
    const deadlines = new DecisionDeadlines(20, pool);
    const answered = pending<string>();
    const hung = [pending<string>(), pending<string>()];
    const first = deadlines.watch(hung[0]!.promise, (value) => value);
    const second = deadlines.watch(answered.promise, (value) => value);
    const third = deadlines.watch(hung[1]!.promise, (value) => value);
    answered.resolve("allowed");
    expect(await second).toBe("allowed");
    for (const late of [first, third]) {
      const error = await late.then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({
        timedOut: true,
        sent: true,
        reason: "no rate limit decision within 20 ms",
      });
      expect((error as Error).message).toContain('Redis pool "cache" (10.0.0.1:6379)');
    }
    // A reply after the timeout changes nothing.
    hung[0]!.resolve("late");
    await expect(first).rejects.toBeInstanceOf(TransportError);
  });

  it("the watchdog serves the decisions that start after it stopped", async () => {
    const deadlines = new DecisionDeadlines(10, pool);
    await expect(deadlines.watch(new Promise(() => {}), (value) => value)).rejects.toMatchObject({
      timedOut: true,
    });
    await expect(deadlines.watch(new Promise(() => {}), (value) => value)).rejects.toMatchObject({
      timedOut: true,
    });
    expect(await deadlines.watch(Promise.resolve(1), (value) => value)).toBe(1);
  });

  describe("where timers belong to a request (Workers: plain numbers, no unref)", () => {
    afterEach(() => vi.unstubAllGlobals());

    it("a decision does not depend on a watchdog an earlier, finished request armed", async () => {
      const realSet = globalThis.setTimeout;
      const realClear = globalThis.clearTimeout;
      const live = new Map<number, ReturnType<typeof setTimeout>>();
      let armed = 0;
      // Timers are numbers, and the first one (armed during the first request) never fires: that request ended.
      vi.stubGlobal("setTimeout", (callback: () => void, ms: number) => {
        const id = ++armed;
        const fire = () => {
          live.delete(id);
          callback();
        };
        if (id > 1) live.set(id, realSet(fire, ms));
        return id;
      });
      vi.stubGlobal("clearTimeout", (id: number) => {
        realClear(live.get(id));
        live.delete(id);
      });
      const deadlines = new DecisionDeadlines(10, pool);
      const first = deadlines.watch(new Promise<number>(() => {}), (value) => value);
      first.catch(() => {}); // its request is gone
      await expect(deadlines.watch(new Promise(() => {}), (value) => value)).rejects.toMatchObject({
        timedOut: true,
      });
      expect(await deadlines.watch(Promise.resolve(7), (value) => value)).toBe(7);
      expect(live.size).toBe(0); // each decision's own timer fired or was cleared: none is left behind
    });
  });
});
