import {
  InvalidArgumentError,
  type LockHandle,
  type LockLostError,
  LockTimeoutError,
  Minute,
  Second,
} from "@beeredis/core";
import { expect } from "vitest";
import type { Cases } from "../context.js";
import { aborted, calls, queueOf, rejection, sleep, until } from "./helpers.js";

/** A whole-call timeout, handles that cross invocations, inspection, operators' release and auto-refresh. */
export const lockOperationsCases: Cases = (ctx, it) => {
  it("timeout: past it obtain and withLock reject with LockTimeoutError and leave the queue", async () => {
    const locker = ctx.pool.getLocker();
    const holder = await locker.obtain("k", Minute);
    const started = performance.now();
    const error = await rejection(locker.obtain("k", Minute, 10 * Second, { timeout: 300 }));
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect((error as LockTimeoutError).message).toContain('Lock "k"');
    expect(performance.now() - started).toBeLessThan(5000); // far below the 10 s wait (a loaded machine)
    let ran = false;
    const refused = locker.withLock("k", { wait: 10 * Second, timeout: 200 }, () => (ran = true));
    expect(await rejection(refused)).toBeInstanceOf(LockTimeoutError);
    expect(ran).toBe(false);
    await until(async () => (await queueOf(ctx.admin, "k")).length === 0, "the waiters to leave");
    // A shorter wait still resolves to null at its end; a free lock is obtained within the timeout.
    expect(await locker.obtain("k", Minute, 100, { timeout: 5 * Second })).toBeNull();
    await holder!.release();
    const lock = await locker.obtain("k", Minute, 0, { timeout: "5s" });
    expect(await ctx.admin.get("{lock:k}")).toBe(lock!.token);
    await lock!.release();
  });

  it("a lock handle crosses invocations: resume() refreshes and releases it, then finds it gone", async () => {
    const first = await ctx.pool.getLocker().obtain("job", Minute);
    const handle = JSON.parse(JSON.stringify(first!.handle())) as LockHandle;
    expect(handle).toEqual({ key: "job", token: first!.token, fencingToken: first!.fencingToken });
    // Another invocation: its own registry, pool and locker.
    const other = await (
      await ctx.target.createRegistry(ctx.server, [{ code: "default", db: 0 }])
    ).validate();
    try {
      const locker = other.createEngine().getRedis().getLocker();
      const resumed = await locker.resume(handle);
      expect(resumed).not.toBeNull();
      expect([resumed!.key, resumed!.token, resumed!.fencingToken]).toEqual(["job", first!.token, 1]);
      expect(await resumed!.refresh(Minute)).toBe(true);
      expect(await resumed!.ttl()).toBeGreaterThan(Minute);
      expect(await resumed!.release()).toBe(true);
      expect(await ctx.admin.exists("{lock:job}")).toBe(0);
      expect(await locker.resume(handle)).toBeNull();
      const expiring = await locker.obtain("short", "100ms");
      await sleep(200);
      expect(await locker.resume(expiring!.handle())).toBeNull();
    } finally {
      await other.close();
    }
  });

  it("inspect() reports holder, ttl, fencing token and live waiters without taking the lock", async () => {
    const locker = ctx.pool.getLocker();
    expect(await locker.inspect("k")).toEqual({ held: false, ttlMs: 0, fencingToken: 0, waiters: 0 });
    const holder = await locker.obtain("k", Minute);
    const waiting = [locker.obtain("k", Minute, 10 * Second), locker.obtain("k", Minute, 10 * Second)];
    await until(async () => (await queueOf(ctx.admin, "k")).length === 2, "two waiters");
    const state = await locker.inspect("k");
    expect(state).toMatchObject({ held: true, fencingToken: holder!.fencingToken, waiters: 2 });
    expect(state.ttlMs).toBeGreaterThan(50 * Second);
    expect(state.ttlMs).toBeLessThanOrEqual(Minute);
    expect(await ctx.admin.get("{lock:k}")).toBe(holder!.token);
    await holder!.release();
    for (const waiter of waiting) {
      const lock = await waiter;
      expect(lock).not.toBeNull();
      await lock!.release();
    }
    expect(await locker.inspect("k")).toEqual({ held: false, ttlMs: 0, fencingToken: 3, waiters: 0 });
  });

  it("forceRelease() frees a lock whoever holds it and hands it to the next waiter", async () => {
    const locker = ctx.pool.getLocker();
    expect(await locker.forceRelease("k")).toBe(false);
    const holder = await locker.obtain("k", Minute);
    const waiter = locker.obtain("k", Minute, 10 * Second);
    await until(async () => (await queueOf(ctx.admin, "k")).length === 1, "the waiter to queue");
    expect(await locker.forceRelease("k")).toBe(true);
    const next = await waiter;
    expect(next!.fencingToken).toBeGreaterThan(holder!.fencingToken);
    expect(await ctx.admin.get("{lock:k}")).toBe(next!.token);
    expect(await holder!.refresh(Minute)).toBe(false);
    expect(await holder!.release()).toBe(false);
    expect(await next!.release()).toBe(true);
  });

  it("autoRefresh keeps an obtained lock alive until release(), and aborts its signal when it is lost", async () => {
    const locker = ctx.pool.getLocker();
    const kept = await locker.obtain("k", "600ms", 0, { autoRefresh: true });
    await sleep(1500);
    expect(await ctx.admin.get("{lock:k}")).toBe(kept!.token);
    expect(kept!.signal.aborted).toBe(false);
    expect(await kept!.release()).toBe(true);
    await sleep(300); // no refresh runs after release
    expect(await ctx.admin.exists("{lock:k}")).toBe(0);

    const reported: LockLostError[] = [];
    // An onLost that throws is ignored: it has no caller to reach, and it must not surface as an unhandled error.
    const onLost = (error: LockLostError) => {
      reported.push(error);
      throw new Error("onLost failed");
    };
    const lost = await locker.obtain("k", "300ms", 0, { autoRefresh: true, onLost });
    await locker.forceRelease("k");
    const reason = await aborted(lost!.signal);
    expect((reason as LockLostError).code).toBe("LOCK_LOST");
    expect(reported).toEqual([reason]);
    expect(await lost!.release()).toBe(false);
  });

  it("bad timeouts, options and handles reject with InvalidArgumentError before any round trip", async () => {
    const locker = ctx.pool.getLocker();
    const before = await calls(ctx.admin, "evalsha", "eval", "xread");
    const bad: Promise<unknown>[] = [
      ...[0, -1, Number.NaN, "soon"].map((timeout) => locker.obtain("k", Minute, 0, { timeout } as never)),
      locker.withLock("k", { timeout: -5 }, () => 1),
      locker.obtain("k", Minute, 0, { autoRefresh: "yes" as never }),
      locker.obtain("k", Minute, 0, { onLost: 5 as never }),
      ...[
        null,
        {},
        { key: "k", token: "zz", fencingToken: 1 },
        { key: "", token: "a".repeat(32), fencingToken: 1 },
      ]
        .concat([{ key: "k", token: "a".repeat(32), fencingToken: 0 }])
        .map((handle) => locker.resume(handle as never)),
      locker.inspect(""),
      locker.forceRelease(undefined as never),
    ];
    for (const promise of bad) expect(await rejection(promise)).toBeInstanceOf(InvalidArgumentError);
    expect(await calls(ctx.admin, "evalsha", "eval", "xread")).toBe(before);
  });
};
