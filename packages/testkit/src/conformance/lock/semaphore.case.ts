import {
  InvalidArgumentError,
  LockLostError,
  LockTimeoutError,
  Minute,
  type Permit,
  type PermitHandle,
  SEMAPHORE_SCRIPTS,
  Second,
} from "@beeredis/core";
import { expect } from "vitest";
import type { Cases } from "../context.js";
import { aborted, calls, rejection, sleep, until } from "./helpers.js";

/** Semaphore `key`'s waiter queue as the server holds it. */
const semQueue = (ctx: Parameters<Cases>[0], key: string) =>
  ctx.admin.lrange(`{lock:${key}}:sem:queue`, 0, -1);

/** Semaphores: permits, FIFO among waiters of any size, fencing per grant, expiry of crashed holders. */
export const semaphoreCases: Cases = (ctx, it) => {
  it("grants up to `permits` at once, several per call, with a fencing token per grant", async () => {
    const semaphore = ctx.pool.getLocker().getSemaphore("pool", 3);
    const one = await semaphore.acquire(Minute);
    const two = await semaphore.acquire(Minute, 0, { count: 2 });
    expect([one!.count, two!.count]).toEqual([1, 2]);
    expect(two!.fencingToken).toBeGreaterThan(one!.fencingToken);
    expect(await semaphore.acquire(Minute)).toBeNull(); // all 3 held
    expect(await ctx.admin.zcard("{lock:pool}:sem")).toBe(2);
    expect(await two!.release()).toBe(true);
    expect(await two!.release()).toBe(false);
    const three = await semaphore.acquire(Minute, 0, { count: 2 });
    expect(three!.fencingToken).toBeGreaterThan(two!.fencingToken);
    expect(await one!.ttl()).toBeGreaterThan(50 * Second);
    expect(await one!.refresh(Minute)).toBe(true);
    expect(await one!.ttl()).toBeGreaterThan(Minute);
    await one!.release();
    await three!.release();
    expect(await ctx.admin.exists("{lock:pool}:sem", "{lock:pool}:sem:info")).toBe(0);
  });

  it("FIFO across sizes: a waiter for 3 permits is not overtaken by later 1-permit requests", async () => {
    const semaphore = ctx.pool.getLocker().getSemaphore("pool", 4);
    const held = await Promise.all([1, 2, 3].map(() => semaphore.acquire(Minute)));
    const order: string[] = [];
    const arrive = (name: string) => (permit: Permit | null) => {
      order.push(name);
      return permit;
    };
    const big = semaphore.acquire(Minute, 10 * Second, { count: 3 }).then(arrive("big"));
    await until(async () => (await semQueue(ctx, "pool")).length === 1, "the 3-permit waiter to queue");
    // One permit is free, but a newcomer queues behind the head instead of taking it.
    expect(await semaphore.acquire(Minute)).toBeNull();
    const small = semaphore.acquire(Minute, 10 * Second).then(arrive("small"));
    await until(async () => (await semQueue(ctx, "pool")).length === 2, "the 1-permit waiter to queue");
    await held[0]!.release();
    await sleep(100);
    expect(order).toEqual([]); // 2 free: still not enough for the head, and nobody passes it
    await held[1]!.release();
    const bigPermit = await big;
    expect(bigPermit!.count).toBe(3);
    expect(order).toEqual(["big"]);
    await held[2]!.release();
    const smallPermit = await small;
    expect(order).toEqual(["big", "small"]);
    expect(smallPermit!.fencingToken).toBeGreaterThan(bigPermit!.fencingToken);
    await Promise.all([bigPermit!.release(), smallPermit!.release()]);
  });

  it("permits of a holder that crashed come back after their ttl, to the waiter first", async () => {
    const semaphore = ctx.pool.getLocker().getSemaphore("pool", 2);
    await semaphore.acquire("150ms", 0, { count: 2 }); // never released
    const started = performance.now();
    const waiter = await semaphore.acquire(Minute, 10 * Second, { count: 2 });
    expect(waiter).not.toBeNull();
    expect(performance.now() - started).toBeLessThan(5000);
    expect(await ctx.admin.zcard("{lock:pool}:sem")).toBe(1);
    const stale = await semaphore.acquire("50ms");
    expect(stale).toBeNull();
    await waiter!.release();
  });

  it("a waiter that died at the head never blocks the queue, even while its request would not fit", async () => {
    const locker = ctx.pool.getLocker({ heartbeat: 100 });
    const semaphore = locker.getSemaphore("pool", 4);
    const holder = await semaphore.acquire(Minute, 0, { count: 2 }); // held throughout: 2 permits free
    // The dead waiter lives on a registry of its own, closed while it waits for 3: it never cleans up.
    const doomed = await (
      await ctx.target.createRegistry(ctx.server, [{ code: "default", db: 0 }])
    ).validate();
    const dead = doomed.createEngine().getRedis().getLocker({ heartbeat: 100 }).getSemaphore("pool", 4);
    const deadWait = dead.acquire(Minute, 10 * Second, { count: 3 }).catch(() => null);
    await until(async () => (await semQueue(ctx, "pool")).length === 1, "the doomed waiter to queue");
    const live = semaphore.acquire(Minute, 10 * Second);
    await until(async () => (await semQueue(ctx, "pool")).length === 2, "the live waiter to queue");
    await doomed.close();
    await deadWait;
    // Once the dead waiter misses three 100 ms heartbeats, the live one's next heartbeat skips it.
    const permit = await live;
    expect(permit).not.toBeNull();
    expect(await ctx.admin.zscore("{lock:pool}:sem", holder!.token)).not.toBeNull();
    await Promise.all([permit!.release(), holder!.release()]);
  });

  it("never more than `permits` held: 12 contenders x 8 rounds on 3 permits", async () => {
    const semaphore = ctx.pool.getLocker().getSemaphore("pool", 3);
    let inside = 0;
    let most = 0;
    let done = 0;
    const fences: number[] = [];
    const worker = async () => {
      for (let round = 0; round < 8; round++) {
        const permit = await semaphore.acquire(Minute, 30 * Second);
        if (!permit) throw new Error("a permit was not obtained within 30 s");
        inside++;
        most = Math.max(most, inside);
        fences.push(permit.fencingToken);
        await sleep(2);
        inside--;
        await permit.release();
        done++;
      }
    };
    await Promise.all(Array.from({ length: 12 }, worker));
    expect(done).toBe(96);
    expect(most).toBeLessThanOrEqual(3);
    expect(new Set(fences).size).toBe(96); // one fencing token per grant
    expect(await ctx.admin.exists("{lock:pool}:sem", "{lock:pool}:sem:queue")).toBe(0);
  });

  it("a wait that ends, an abort and a timeout all leave the queue, letting the next waiter in", async () => {
    const semaphore = ctx.pool.getLocker().getSemaphore("pool", 2);
    const holder = await semaphore.acquire(Minute);
    const controller = new AbortController();
    const blocked = semaphore.acquire(Minute, 10 * Second, { count: 2, signal: controller.signal });
    await until(async () => (await semQueue(ctx, "pool")).length === 1, "the waiter to queue");
    // The head wants 2; a 1-permit waiter behind it gets the free permit once the head gives up.
    const behind = semaphore.acquire(Minute, 10 * Second);
    await until(async () => (await semQueue(ctx, "pool")).length === 2, "the second waiter to queue");
    controller.abort(new Error("gave up"));
    expect(((await rejection(blocked)) as Error).message).toBe("gave up");
    const next = await behind;
    expect(next).not.toBeNull();
    expect(await semaphore.acquire(Minute, 100, { count: 2 })).toBeNull();
    const timedOut = semaphore.acquire(Minute, 10 * Second, { timeout: 200 });
    expect(await rejection(timedOut)).toBeInstanceOf(LockTimeoutError);
    await until(async () => (await semQueue(ctx, "pool")).length === 0, "the queue to empty");
    await Promise.all([holder!.release(), next!.release()]);
  });

  it("withSemaphore refreshes, releases, times out, and aborts its signal when the permits are lost", async () => {
    const semaphore = ctx.pool.getLocker().getSemaphore("pool", 1);
    // A ttl the machine's load cannot eat: refreshes come every 200 ms, each one round trip.
    const result = await semaphore.withSemaphore({ ttl: "600ms" }, async (signal, permit) => {
      await sleep(1500);
      expect(await ctx.admin.zscore("{lock:pool}:sem", permit.token)).not.toBeNull();
      return signal.aborted;
    });
    expect(result).toBe(false);
    expect(await ctx.admin.exists("{lock:pool}:sem")).toBe(0);
    const holder = await semaphore.acquire(Minute);
    const busy = semaphore.withSemaphore({ wait: 100 }, () => 1);
    expect(await rejection(busy)).toBeInstanceOf(LockTimeoutError);
    await holder!.release();
    const lost = semaphore.withSemaphore({ ttl: "300ms" }, async (signal) => {
      await ctx.admin.del("{lock:pool}:sem", "{lock:pool}:sem:info"); // the permits vanish behind our back
      throw await aborted(signal);
    });
    expect(await rejection(lost)).toBeInstanceOf(LockLostError);
  });

  it("autoRefresh keeps permits alive until release()", async () => {
    const semaphore = ctx.pool.getLocker().getSemaphore("pool", 1);
    const permit: Permit | null = await semaphore.acquire("600ms", 0, { autoRefresh: true });
    await sleep(1500);
    expect(await semaphore.acquire(Minute)).toBeNull();
    expect(permit!.signal.aborted).toBe(false);
    expect(await permit!.release()).toBe(true);
    expect(await ctx.admin.exists("{lock:pool}:sem")).toBe(0);
  });

  it("a permit handle crosses invocations: resume() refreshes and releases the permits, then finds them gone", async () => {
    const first = await ctx.pool.getLocker().getSemaphore("uploads", 3).acquire(Minute, 0, { count: 2 });
    const handle = JSON.parse(JSON.stringify(first!.handle())) as PermitHandle;
    expect(handle).toEqual({
      key: "uploads",
      token: first!.token,
      fencingToken: first!.fencingToken,
      count: 2,
    });
    // Another invocation: its own registry, pool and locker.
    const other = await (
      await ctx.target.createRegistry(ctx.server, [{ code: "default", db: 0 }])
    ).validate();
    try {
      const semaphore = other.createEngine().getRedis().getLocker().getSemaphore("uploads", 3);
      const resumed = await semaphore.resume(handle);
      expect([resumed!.key, resumed!.token, resumed!.fencingToken, resumed!.count]).toEqual([
        "uploads",
        first!.token,
        first!.fencingToken,
        2,
      ]);
      expect(await resumed!.refresh(Minute)).toBe(true);
      expect(await resumed!.ttl()).toBeGreaterThan(Minute);
      expect(await semaphore.acquire(Minute, 0, { count: 2 })).toBeNull(); // the resumed 2 of 3 still held
      expect(await resumed!.release()).toBe(true);
      expect(await ctx.admin.exists("{lock:uploads}:sem")).toBe(0);
      expect(await semaphore.resume(handle)).toBeNull();
      const expiring = await semaphore.acquire("100ms");
      await sleep(200);
      expect(await semaphore.resume(expiring!.handle())).toBeNull();
    } finally {
      await other.close();
    }
  });

  it("inspect() reports permits held and available, grants, live waiters and the last fence, writing nothing", async () => {
    const semaphore = ctx.pool.getLocker().getSemaphore("pool", 3);
    const empty = { held: 0, available: 3, holders: 0, waiters: 0, fencingToken: 0 };
    expect(await semaphore.inspect()).toEqual(empty);
    const two = await semaphore.acquire(Minute, 0, { count: 2 });
    const crashed = await semaphore.acquire("150ms"); // never released: its permit counts only until its ttl
    expect(await semaphore.inspect()).toEqual({
      held: 3,
      available: 0,
      holders: 2,
      waiters: 0,
      fencingToken: 2,
    });
    await sleep(300);
    const writes = await calls(ctx.admin, "zadd", "hset", "del", "zremrangebyscore", "hdel", "pexpire");
    expect(await semaphore.inspect()).toEqual({
      held: 2,
      available: 1,
      holders: 1,
      waiters: 0,
      fencingToken: 2,
    });
    expect(await calls(ctx.admin, "zadd", "hset", "del", "zremrangebyscore", "hdel", "pexpire")).toBe(writes);
    expect(await ctx.admin.zcard("{lock:pool}:sem")).toBe(2); // the expired grant is left to the next grant
    const waiting = [
      semaphore.acquire(Minute, 10 * Second, { count: 3 }),
      semaphore.acquire(Minute, 10 * Second),
    ];
    await until(async () => (await semQueue(ctx, "pool")).length === 2, "two waiters");
    expect(await semaphore.inspect()).toMatchObject({ held: 2, holders: 1, waiters: 2, fencingToken: 2 });
    expect(crashed).not.toBeNull();
    await two!.release();
    const three = await waiting[0]!;
    expect(await semaphore.inspect()).toMatchObject({ held: 3, available: 0, holders: 1, waiters: 1 });
    await three!.release();
    await (await waiting[1]!)!.release();
    expect(await semaphore.inspect()).toEqual({ ...empty, fencingToken: 4 });
  });

  it("bad input rejects with InvalidArgumentError before any round trip; stored SHA-1s match", async () => {
    const locker = ctx.pool.getLocker();
    for (const permits of [0, -1, 1.5, Number.NaN, "2"]) {
      expect(() => locker.getSemaphore("pool", permits as never)).toThrow(InvalidArgumentError);
    }
    expect(() => locker.getSemaphore("", 2)).toThrow(InvalidArgumentError);
    const semaphore = locker.getSemaphore("pool", 2);
    const before = await calls(ctx.admin, "evalsha", "eval", "xread");
    const bad: Promise<unknown>[] = [
      ...[0, 3, 1.5, "1"].map((count) => semaphore.acquire(Minute, 0, { count } as never)),
      semaphore.acquire(0),
      semaphore.acquire(Minute, -1),
      semaphore.acquire(Minute, 0, { timeout: 0 }),
      semaphore.withSemaphore({ count: 5 }, () => 1),
      semaphore.withSemaphore({}, undefined as never),
      // Handles: not a handle, a count out of range or missing, another semaphore's.
      ...[
        undefined,
        {},
        { key: "pool", token: "x", fencingToken: 1, count: 1 },
        { key: "pool", token: "a".repeat(32), fencingToken: 1, count: 3 },
        { key: "pool", token: "a".repeat(32), fencingToken: 1 },
        { key: "other", token: "a".repeat(32), fencingToken: 1, count: 1 },
      ].map((handle) => semaphore.resume(handle as never)),
    ];
    for (const promise of bad) expect(await rejection(promise)).toBeInstanceOf(InvalidArgumentError);
    expect(await calls(ctx.admin, "evalsha", "eval", "xread")).toBe(before);
    for (const script of Object.values(SEMAPHORE_SCRIPTS)) {
      expect(await ctx.admin.script("LOAD", script.lua)).toBe(await script.sha());
    }
  });
};
