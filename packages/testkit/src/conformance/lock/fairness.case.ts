import { type Lock, Minute, Second } from "@beeredis/core";
import { expect } from "vitest";
import type { Cases } from "../context.js";
import { calls, queueOf, rejection, sleep, until } from "./helpers.js";

/** Waiters are served in arrival order among the live ones; nobody barges past them. */
export const lockFairnessCases: Cases = (ctx, it) => {
  it("FIFO among live waiters: one that gave up and one that died are skipped", async () => {
    const locker = ctx.pool.getLocker({ heartbeat: 100 });
    const holder = await locker.obtain("k", Minute);
    // The "dead" waiter lives on a registry of its own, closed while it waits: it never cleans up.
    const doomed = await (
      await ctx.target.createRegistry(ctx.server, [{ code: "default", db: 0 }])
    ).validate();
    const order: string[] = [];
    const waiters: Promise<unknown>[] = [];
    const quitter = new AbortController();
    // The queue length is read before the waiter starts, so its enqueue is always the change awaited.
    const join = async (name: string, start: () => Promise<Lock | null>) => {
      const position = (await queueOf(ctx.admin, "k")).length;
      const wait = start();
      waiters.push(
        wait.then(async (lock) => {
          order.push(name);
          await lock?.release();
        }),
      );
      await until(async () => (await queueOf(ctx.admin, "k")).length > position, `${name} to queue`);
    };
    await join("w1", () => locker.obtain("k", Minute, 10 * Second));
    await join("quitter", () => locker.obtain("k", Minute, 10 * Second, { signal: quitter.signal }));
    await join("w3", () => locker.obtain("k", Minute, 10 * Second));
    await join("dead", () =>
      doomed.createEngine().getRedis().getLocker({ heartbeat: 100 }).obtain("k", Minute, "10s"),
    );
    await join("w5", () => locker.obtain("k", Minute, 10 * Second));
    waiters[1] = waiters[1]!.catch((error: unknown) => order.push(`quitter: ${(error as Error).message}`));
    waiters[3] = waiters[3]!.catch(() => order.push("dead: rejected"));
    quitter.abort(new Error("gave up"));
    await doomed.close();
    await until(async () => (await queueOf(ctx.admin, "k")).length <= 4, "the quitter to leave");
    await sleep(500); // the dead waiter misses three 100 ms heartbeats; the live ones keep theirs
    expect(await holder!.release()).toBe(true);
    await Promise.all(waiters);
    expect(order.filter((name) => name.startsWith("w"))).toEqual(["w1", "w3", "w5"]);
    expect(order).toContain("quitter: gave up");
    expect(order).toContain("dead: rejected");
    expect(await ctx.admin.exists("{lock:k}", "{lock:k}:queue")).toBe(0);
  });

  it("no barging: a releaser cannot take the lock back from a queued waiter", async () => {
    const locker = ctx.pool.getLocker();
    const holder = await locker.obtain("k", Minute);
    const waiter = locker.obtain("k", Minute, 10 * Second);
    await until(async () => (await queueOf(ctx.admin, "k")).length === 1, "the waiter to queue");
    expect(await holder!.release()).toBe(true);
    expect(await locker.obtain("k", Minute, 0)).toBeNull(); // the lock went straight to the waiter
    const late = locker.obtain("k", Minute, 10 * Second); // queues behind it
    const got = await waiter;
    expect(await ctx.admin.get("{lock:k}")).toBe(got!.token);
    await until(async () => (await queueOf(ctx.admin, "k")).length === 1, "the late one to queue");
    await got!.release();
    const next = await late;
    expect(next!.fencingToken).toBe(got!.fencingToken + 1);
    await next!.release();
  });

  it("a holder that dies without releasing: the waiter gets the lock once it expires", async () => {
    const locker = ctx.pool.getLocker();
    const crashed = await locker.obtain("k", "300ms");
    const started = Date.now();
    const waiter = await locker.obtain("k", Minute, 10 * Second);
    expect(waiter).not.toBeNull();
    expect(Date.now() - started).toBeLessThan(10 * Second);
    expect(waiter!.fencingToken).toBe(crashed!.fencingToken + 1);
    await waiter!.release();
  });

  it("a wait that times out resolves null, keeps trying until then, and leaves no trace", async () => {
    const locker = ctx.pool.getLocker();
    const holder = await locker.obtain("k", Minute);
    const started = Date.now();
    // A ttl far shorter than the wait must not cut the wait short.
    expect(await locker.obtain("k", "50ms", 1200)).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1150);
    expect(await ctx.admin.exists("{lock:k}:queue")).toBe(0);
    expect(await ctx.admin.keys("{lock:k}:box:*")).toEqual([]);
    await holder!.release();
  });

  it("waiters do not hammer Redis while they wait", async () => {
    const locker = ctx.pool.getLocker();
    const holder = await locker.obtain("k", Minute);
    const before = await calls(ctx.admin, "evalsha", "eval", "xread");
    const waits = Array.from({ length: 5 }, () => locker.obtain("k", Minute, 1500));
    expect(await Promise.all(waits)).toEqual([null, null, null, null, null]);
    // A 10 ms poller would have sent ~750 commands; a waiter here sends a handful per heartbeat.
    expect((await calls(ctx.admin, "evalsha", "eval", "xread")) - before).toBeLessThan(100);
    await holder!.release();
  });

  it("an aborted signal ends the wait with its reason and leaves the queue", async () => {
    const locker = ctx.pool.getLocker();
    const holder = await locker.obtain("k", Minute);
    const controller = new AbortController();
    const waiting = locker.obtain("k", Minute, 30 * Second, { signal: controller.signal });
    await until(async () => (await queueOf(ctx.admin, "k")).length === 1, "the waiter to queue");
    const reason = new Error("shutting down");
    controller.abort(reason);
    expect(await rejection(waiting)).toBe(reason);
    expect(await ctx.admin.exists("{lock:k}:queue")).toBe(0);
    expect(await rejection(locker.obtain("k", Minute, Second, { signal: controller.signal }))).toBe(reason);
    expect(await holder!.release()).toBe(true);
    expect(await ctx.admin.exists("{lock:k}")).toBe(0); // nobody was left holding it
  });

  it("a polling locker (blocking: false) hands off in the same FIFO order", async () => {
    const locker = ctx.pool.getLocker({ blocking: false });
    const holder = await locker.obtain("k", Minute);
    const order: number[] = [];
    const waiters: Promise<void>[] = [];
    for (let i = 0; i < 3; i++) {
      waiters.push(
        locker.obtain("k", Minute, 10 * Second).then(async (lock) => {
          order.push(i);
          await lock!.release();
        }),
      );
      await until(async () => (await queueOf(ctx.admin, "k")).length === i + 1, `waiter ${i} to queue`);
    }
    await holder!.release();
    await Promise.all(waiters);
    expect(order).toEqual([0, 1, 2]);
  });
};
