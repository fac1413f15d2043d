import { InvalidArgumentError } from "@beeredis/core";
import { expect } from "vitest";
import type { Cases } from "../context.js";
import { calls, rejection } from "./helpers.js";

/** A bare number is milliseconds, so a ttl under 1000 written as one is refused: `obtain("k", 30)` meant 30 s. */
export const lockUnitsCases: Cases = (ctx, it) => {
  it('a bare-number ttl under 1000 is refused with nothing sent, naming ms and the "30s" / "30ms" forms', async () => {
    const locker = ctx.pool.getLocker();
    const semaphore = locker.getSemaphore("units", 2);
    const lock = await locker.obtain("held", "10s");
    const permit = await semaphore.acquire("10s");
    const before = await calls(ctx.admin, "evalsha", "eval", "xread");

    const error = await rejection(locker.obtain("k", 30));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toBe(
      'ttl 30 would be 30 ms (a bare number is milliseconds). Write "30s" for seconds, or "30ms" if you do mean milliseconds.',
    );
    const refused = [
      locker.obtain("k", 999, 5000),
      locker.withLock("k", { ttl: 500 }, () => 1),
      semaphore.acquire(30),
      semaphore.withSemaphore({ ttl: 60 }, () => 1),
      lock!.refresh(30),
      permit!.refresh(30),
    ];
    for (const promise of refused) {
      const refusal = await rejection(promise);
      expect(refusal).toBeInstanceOf(InvalidArgumentError);
      expect((refusal as Error).message).toMatch(/would be \d+ ms .*Write "\d+s" for seconds, or "\d+ms"/);
    }
    expect(await calls(ctx.admin, "evalsha", "eval", "xread")).toBe(before);
    await lock!.release();
    await permit!.release();
  });

  it('a short ttl with its unit ("300ms"), a bare number from 1000, and any wait (0, 100) pass', async () => {
    const locker = ctx.pool.getLocker();
    const short = await locker.obtain("short", "300ms", 100);
    const pttl = await ctx.admin.pttl("{lock:short}");
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(300);
    expect(await short!.refresh("300ms")).toBe(true);
    expect(await short!.release()).toBe(true);

    const second = await locker.obtain("second", 1000, 0);
    expect(await ctx.admin.pttl("{lock:second}")).toBeLessThanOrEqual(1000);
    expect(await second!.refresh(1000)).toBe(true);
    expect(await second!.release()).toBe(true);

    expect(await locker.withLock("k", { ttl: "300ms", wait: 100 }, () => "ran")).toBe("ran");
    const semaphore = locker.getSemaphore("units", 2);
    const permit = await semaphore.acquire("300ms", 100);
    expect(permit).not.toBeNull();
    expect(await permit!.release()).toBe(true);
    expect(await semaphore.withSemaphore({ ttl: 1000, wait: 0 }, () => "ran")).toBe("ran");
  });
};
