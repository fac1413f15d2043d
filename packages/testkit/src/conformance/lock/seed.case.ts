import { Lock, Minute, Second } from "@beeredis/core";
import { expect } from "vitest";
import type { Cases } from "../context.js";
import { hashTag, sleep } from "./helpers.js";

/** The seed's three scenarios (redis-operations.md, "Distributed lock"), plus what a held lock looks like. */
export const lockSeedCases: Cases = (ctx, it) => {
  it("obtain: a 128-bit token in a hash-tagged key, a fencing counter beside it, release deletes the lock", async () => {
    const lock = await ctx.pool.getLocker().obtain("test_lock", Minute, 0);
    expect(lock).toBeInstanceOf(Lock);
    expect(lock!.key).toBe("test_lock");
    expect(lock!.token).toMatch(/^[0-9a-f]{32}$/);
    expect(lock!.fencingToken).toBe(1);
    expect(await ctx.admin.get("{lock:test_lock}")).toBe(lock!.token);
    expect(await ctx.admin.pttl("{lock:test_lock}")).toBeGreaterThan(55_000);
    expect(await ctx.admin.get("{lock:test_lock}:fence")).toBe("1");
    expect(await ctx.admin.ttl("{lock:test_lock}:fence")).toBe(-1); // the counter never expires
    for (const key of await ctx.admin.keys("*")) expect(hashTag(key)).toBe("lock:test_lock");
    expect(await lock!.release()).toBe(true);
    expect(await ctx.admin.exists("{lock:test_lock}")).toBe(0);
    const again = await ctx.pool.getLocker().obtain("test_lock", Minute);
    expect(again!.fencingToken).toBe(2);
    expect(again!.token).not.toBe(lock!.token);
    await again!.release();
  });

  it("seed 1: A and B race with wait 0: exactly one gets the lock, the other gets null at once", async () => {
    const locker = ctx.pool.getLocker();
    const [a, b] = await Promise.all([
      locker.obtain("test_lock", Minute, 0),
      locker.obtain("test_lock", Minute, 0),
    ]);
    const winners = [a, b].filter((lock) => lock !== null);
    expect(winners).toHaveLength(1);
    expect(await ctx.admin.get("{lock:test_lock}")).toBe(winners[0]!.token);
    expect(await ctx.admin.llen("{lock:test_lock}:queue")).toBe(0); // the loser did not queue
    expect(await winners[0]!.release()).toBe(true);
  });

  it("seed 2: with a 5 s wait, B gets the lock right after A releases at ~2 s", async () => {
    const locker = ctx.pool.getLocker();
    const a = await locker.obtain("test_lock", Minute, 5 * Second);
    expect(a).not.toBeNull();
    const started = Date.now();
    let releasedAt = 0;
    const b = locker.obtain("test_lock", Minute, 5 * Second).then((lock) => ({ lock, at: Date.now() }));
    await sleep(2 * Second);
    releasedAt = Date.now();
    expect(await a!.release()).toBe(true);
    const got = await b;
    expect(got.lock).not.toBeNull();
    expect(got.at).toBeGreaterThanOrEqual(releasedAt);
    expect(got.at - started).toBeLessThan(5 * Second); // well before its wait ended
    expect(got.lock!.fencingToken).toBeGreaterThan(a!.fencingToken);
    expect(await ctx.admin.get("{lock:test_lock}")).toBe(got.lock!.token);
    expect(await got.lock!.release()).toBe(true);
  });

  it("seed 3: a 5 s lock has 5, 4, 3 s left; refresh(2 s) brings it back to 5", async () => {
    const lock = await ctx.pool.getLocker().obtain("test", 5 * Second, 0);
    const seconds = async () => Math.round((await lock!.ttl()) / 1000);
    expect(await seconds()).toBe(5);
    await sleep(Second);
    expect(await seconds()).toBe(4);
    await sleep(Second);
    expect(await seconds()).toBe(3);
    expect(await lock!.refresh(2 * Second)).toBe(true);
    expect(await seconds()).toBe(5);
    expect(await lock!.release()).toBe(true);
  });

  it("await using releases the lock when the scope ends", async () => {
    const locker = ctx.pool.getLocker();
    {
      await using held = await locker.obtain("job", 5 * Second, "1s");
      expect(held).not.toBeNull();
      expect(await ctx.admin.get("{lock:job}")).toBe(held!.token);
    }
    expect(await ctx.admin.exists("{lock:job}")).toBe(0);
  });
};
