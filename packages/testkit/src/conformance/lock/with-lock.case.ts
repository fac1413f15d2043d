import { LockLostError, LockTimeoutError, Minute, TransportError } from "@beeredis/core";
import { expect } from "vitest";
import { startRedis } from "../../redis-server.js";
import type { Cases } from "../context.js";
import { aborted, rejection, sleep, until } from "./helpers.js";

export const lockWithLockCases: Cases = (ctx, it) => {
  it("withLock runs fn holding the lock, returns its result and releases", async () => {
    const locker = ctx.pool.getLocker();
    const result = await locker.withLock("k", { ttl: Minute }, async (signal, lock) => {
      expect(signal.aborted).toBe(false);
      expect(lock.fencingToken).toBe(1);
      expect(await ctx.admin.get("{lock:k}")).toBe(lock.token);
      return 42;
    });
    expect(result).toBe(42);
    expect(await ctx.admin.exists("{lock:k}")).toBe(0);
    const failure = new Error("fn failed");
    expect(await rejection(locker.withLock("k", {}, () => Promise.reject(failure)))).toBe(failure);
    expect(await ctx.admin.exists("{lock:k}")).toBe(0);
  });

  it("withLock refreshes the lock while fn outlives its ttl", async () => {
    const locker = ctx.pool.getLocker();
    const result = await locker.withLock("k", { ttl: "300ms" }, async (signal) => {
      for (let i = 0; i < 4; i++) {
        await sleep(250);
        expect(await ctx.admin.pttl("{lock:k}")).toBeGreaterThan(0);
      }
      return signal.aborted;
    });
    expect(result).toBe(false);
    expect(await ctx.admin.exists("{lock:k}")).toBe(0);
  });

  it("withLock rejects with LockTimeoutError when the lock stays busy, without running fn", async () => {
    const locker = ctx.pool.getLocker();
    const holder = await locker.obtain("k", Minute);
    let ran = false;
    for (const wait of [0, 200]) {
      const error = await rejection(locker.withLock("k", { ttl: Minute, wait }, () => (ran = true)));
      expect(error).toBeInstanceOf(LockTimeoutError);
      expect(error).not.toBeInstanceOf(LockLostError);
      expect(error).not.toBeInstanceOf(TransportError);
      expect((error as LockTimeoutError).code).toBe("LOCK_TIMEOUT");
    }
    expect(ran).toBe(false);
    expect(await ctx.admin.get("{lock:k}")).toBe(holder!.token);
    await holder!.release();
  });

  it("withLock aborts fn's signal with LockLostError when a refresh finds the lock gone", async () => {
    const locker = ctx.pool.getLocker();
    const error = await rejection(
      locker.withLock("k", { ttl: "300ms" }, async (signal) => {
        await ctx.admin.set("{lock:k}", "someone-else", "PX", 60_000); // the lock changes hands behind our back
        throw await aborted(signal);
      }),
    );
    expect(error).toBeInstanceOf(LockLostError);
    expect((error as LockLostError).code).toBe("LOCK_LOST");
    expect(await ctx.admin.get("{lock:k}")).toBe("someone-else"); // the final release did not delete it
  });

  it("withLock forwards the caller's abort to fn's signal", async () => {
    const controller = new AbortController();
    const reason = new Error("cancelled");
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const running = ctx.pool.getLocker().withLock("k", { signal: controller.signal }, (signal) => {
      entered();
      return aborted(signal);
    });
    // Abort while fn runs (an abort during obtain rejects withLock instead, before fn starts).
    await inside;
    controller.abort(reason);
    expect(await running).toBe(reason);
    expect(await ctx.admin.exists("{lock:k}")).toBe(0);
  });

  it("Redis restarts while a lock is held: refresh is false and withLock aborts with LockLostError", async () => {
    const server = await startRedis();
    const registry = await (await ctx.target.createRegistry(server, [{ code: "default", db: 0 }])).validate();
    try {
      const locker = registry.createEngine().getRedis().getLocker();
      const lock = await locker.obtain("job", Minute);
      let signalled: Promise<unknown> = Promise.resolve();
      const held = locker.withLock("other", { ttl: "600ms" }, (signal) => {
        signalled = aborted(signal);
        return signalled;
      });
      await until(
        async () =>
          (await lock!.ttl()) > 0 && (await registry.createEngine().getRedis().exists("{lock:other}")) === 1,
        "both locks",
      );
      await server.restart();
      expect(await lock!.refresh(Minute)).toBe(false);
      expect(await lock!.ttl()).toBe(0);
      const reason = await held;
      expect(reason).toBeInstanceOf(LockLostError);
      expect(await signalled).toBe(reason);
    } finally {
      await registry.close();
      await server.stop();
    }
  });
};
