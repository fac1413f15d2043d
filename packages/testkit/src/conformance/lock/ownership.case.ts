import { InvalidArgumentError, LOCK_SCRIPTS, Minute } from "@beeredis/core";
import { expect } from "vitest";
import type { Cases } from "../context.js";
import { calls, rejection, sleep } from "./helpers.js";

/** Refresh, release and ttl check ownership atomically and never revive a lost lock. */
export const lockOwnershipCases: Cases = (ctx, it) => {
  it("refresh after expiry is false, ttl() is 0, and nothing is revived", async () => {
    const lock = await ctx.pool.getLocker().obtain("k", "100ms");
    await sleep(200);
    expect(await lock!.refresh(Minute)).toBe(false);
    expect(await lock!.ttl()).toBe(0);
    expect(await ctx.admin.exists("{lock:k}")).toBe(0);
  });

  it("refresh after another holder took the key is false, ttl() is 0, and the holder keeps its lock", async () => {
    const locker = ctx.pool.getLocker();
    const first = await locker.obtain("k", "100ms");
    await sleep(200);
    const second = await locker.obtain("k", Minute);
    expect(second).not.toBeNull();
    expect(second!.fencingToken).toBeGreaterThan(first!.fencingToken); // the counter outlived the expiry
    expect(await first!.refresh(Minute)).toBe(false);
    expect(await first!.ttl()).toBe(0);
    expect(await ctx.admin.get("{lock:k}")).toBe(second!.token);
    expect(await second!.ttl()).toBeGreaterThan(55_000);
    await second!.release();
  });

  it("release twice: true, then false", async () => {
    const lock = await ctx.pool.getLocker().obtain("k", Minute);
    expect(await lock!.release()).toBe(true);
    expect(await lock!.release()).toBe(false);
    expect(await lock!.ttl()).toBe(0);
    expect(await lock!.refresh(Minute)).toBe(false);
  });

  it("release after expiry is false and leaves the new holder's lock alone", async () => {
    const locker = ctx.pool.getLocker();
    const stale = await locker.obtain("k", "100ms");
    await sleep(200);
    expect(await stale!.release()).toBe(false);
    const fresh = await locker.obtain("k", Minute);
    expect(await stale!.release()).toBe(false);
    expect(await ctx.admin.get("{lock:k}")).toBe(fresh!.token);
    expect(await fresh!.release()).toBe(true);
  });

  it("fencing tokens increase strictly across holders, expiries and lockers", async () => {
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      const lock = await ctx.pool.getLocker().obtain("k", i % 2 ? "50ms" : Minute);
      seen.push(lock!.fencingToken);
      if (i % 2) await sleep(100);
      else await lock!.release();
    }
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it("bad input rejects with InvalidArgumentError before any round trip", async () => {
    const locker = ctx.pool.getLocker();
    const lock = await locker.obtain("held", Minute);
    const before = await calls(ctx.admin, "evalsha", "eval", "xread");
    const bad: Promise<unknown>[] = [
      locker.obtain("", Minute),
      locker.obtain(undefined as never, Minute),
      ...[0, -1, Number.NaN, Number.POSITIVE_INFINITY, "0s", "soon"].map((ttl) =>
        locker.obtain("k", ttl as never),
      ),
      ...[-1, Number.NaN, Number.POSITIVE_INFINITY, "-1s"].map((wait) =>
        locker.obtain("k", Minute, wait as never),
      ),
      lock!.refresh(0),
      lock!.refresh(-5),
      lock!.refresh(Number.NaN),
      locker.withLock("", { ttl: Minute }, () => 1),
      locker.withLock("k", { ttl: 0 }, () => 1),
      locker.withLock("k", { wait: -1 }, () => 1),
    ];
    for (const promise of bad) expect(await rejection(promise)).toBeInstanceOf(InvalidArgumentError);
    expect(await calls(ctx.admin, "evalsha", "eval", "xread")).toBe(before);
    expect(() => ctx.pool.getLocker({ prefix: "a{b" })).toThrow(InvalidArgumentError);
    expect(() => ctx.pool.getLocker({ heartbeat: 0 })).toThrow(InvalidArgumentError);
    await lock!.release();
  });

  it("every script's stored SHA-1 is the one SCRIPT LOAD returns", async () => {
    const scripts = Object.values(LOCK_SCRIPTS);
    expect(scripts.length).toBeGreaterThanOrEqual(5);
    for (const script of scripts) {
      expect(await ctx.admin.script("LOAD", script.lua)).toBe(await script.sha());
    }
  });

  it("a custom prefix keeps every key in its own hash tag", async () => {
    const lock = await ctx.pool.getLocker({ prefix: "jobs" }).obtain("nightly", Minute);
    expect(await ctx.admin.get("{jobs:nightly}")).toBe(lock!.token);
    expect(await ctx.admin.get("{jobs:nightly}:fence")).toBe("1");
    await lock!.release();
  });
};
