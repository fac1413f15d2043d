import { describe, expect, it } from "vitest";
import { backoffDelay, sleep, whenAborted } from "./backoff.js";

describe("backoffDelay", () => {
  it("doubles from the minimum up to the maximum", () => {
    const top = () => 0.999999;
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((n) => Math.round(backoffDelay(n, 10, 500, top)))).toEqual([
      10, 20, 40, 80, 160, 320, 500, 500,
    ]);
    expect(backoffDelay(1000, 10, 500, top)).toBeLessThanOrEqual(500); // no overflow on long waits
  });

  it("jitters within the upper half of each step", () => {
    expect(backoffDelay(3, 10, 500, () => 0)).toBe(40);
    expect(backoffDelay(3, 10, 500, () => 0.5)).toBe(60);
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(2, 10, 500);
      expect(delay).toBeGreaterThanOrEqual(20);
      expect(delay).toBeLessThan(40);
    }
  });
});

describe("sleep and whenAborted", () => {
  it("sleep resolves after its delay", async () => {
    const started = Date.now();
    await sleep(20);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  });

  it("sleep rejects with the signal's reason, at once or when it aborts", async () => {
    const reason = new Error("stop");
    await expect(sleep(10, AbortSignal.abort(reason))).rejects.toBe(reason);
    const controller = new AbortController();
    const sleeping = sleep(60_000, controller.signal);
    controller.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
  });

  it("whenAborted rejects with the reason, and never settles without a signal", async () => {
    const controller = new AbortController();
    const watch = whenAborted(controller.signal);
    controller.abort("why");
    await expect(watch.promise).rejects.toBe("why");
    watch.dispose();
    const never = whenAborted(undefined);
    const winner = await Promise.race([never.promise, sleep(5).then(() => "timer")]);
    expect(winner).toBe("timer");
  });
});
