import { Minute, Second } from "@beeredis/core";
import { expect } from "vitest";
import type { Cases } from "../context.js";
import { queueOf, sleep, until } from "./helpers.js";

/** Polling waiters (`blocking: false`, or a transport that cannot block) keep their place in the queue. */
export const lockPollingCases: Cases = (ctx, it) => {
  it("a polling waiter whose short-lived turn came and went keeps its place: later waiters never overtake it", async () => {
    // It polls 0.5 to 1 s apart, far longer than its 30 ms ttl: every lock handed to it expires before it looks.
    const slow = ctx.pool.getLocker({ blocking: false, minRetryDelay: Second, heartbeat: Second });
    const others = ctx.pool.getLocker();
    const holder = await others.obtain("k", Minute);
    const waiting = slow.obtain("k", "30ms", 5 * Second);
    await until(async () => (await queueOf(ctx.admin, "k")).length === 1, "the polling waiter to queue");
    // Steady traffic from three later waiters, each holding the lock 30 ms at most and queueing again at once.
    const later: number[] = [];
    let stop = false;
    const traffic = Array.from({ length: 3 }, async () => {
      while (!stop) {
        const lock = await others.obtain("k", "30ms", 5 * Second);
        if (!lock) continue;
        later.push(lock.fencingToken);
        await sleep(5);
        await lock.release();
      }
    });
    await until(async () => (await queueOf(ctx.admin, "k")).length === 4, "the later waiters to queue");
    await holder!.release();
    const got = await waiting;
    const overtakenBy = [...later];
    stop = true;
    await Promise.all(traffic);
    expect(got).not.toBeNull();
    expect(overtakenBy).toEqual([]);
    expect(got!.fencingToken).toBeGreaterThan(holder!.fencingToken);
    expect(Math.min(...later)).toBeGreaterThan(got!.fencingToken);
    await until(
      async () => (await ctx.admin.exists("{lock:k}", "{lock:k}:queue")) === 0,
      "the queue to drain",
    );
  });

  it("a lock handed to a polling waiter that expired before its poll goes back to it, not to a newcomer", async () => {
    const slow = ctx.pool.getLocker({ blocking: false, minRetryDelay: Second, heartbeat: Second });
    const others = ctx.pool.getLocker();
    const holder = await others.obtain("k", Minute);
    const waiting = slow.obtain("k", "200ms", 5 * Second);
    await until(async () => (await queueOf(ctx.admin, "k")).length === 1, "the polling waiter to queue");
    const token = (await queueOf(ctx.admin, "k"))[0]!.split(" ")[0];
    await holder!.release(); // handed to the waiter, which polls again 0.5 s or more after it queued
    await sleep(300); // its 200 ms lock has expired
    expect(await others.obtain("k", Minute, 0)).toBeNull(); // the free lock goes back to the waiter
    expect(await ctx.admin.get("{lock:k}")).toBe(token);
    const got = await waiting;
    expect(got!.token).toBe(token);
    expect(await got!.release()).toBe(true);
    expect(await ctx.admin.exists("{lock:k}", "{lock:k}:queue")).toBe(0);
  });
};
