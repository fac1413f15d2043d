import { describe, expect, it } from "vitest";
import type { RateLimitAlgorithm } from "../types.js";
import { LocalLimiter } from "./local-limiter.js";

const ALGORITHMS: RateLimitAlgorithm[] = ["sliding-log", "gcra", "fixed-window", "sliding-window"];
const WINDOW_US = 60_000_000;

/** A limiter on a clock the test moves: starts on a window boundary, so the sliding window has no previous bucket. */
function limiterOn(algorithm: RateLimitAlgorithm, limit: number, maxKeys?: number) {
  const clock = { us: 1_700_000_040_000_000 - (1_700_000_040_000_000 % WINDOW_US) };
  const limiter = new LocalLimiter(algorithm, limit, WINDOW_US, maxKeys, () => clock.us);
  return { limiter, clock };
}

describe("the insurance limiter (in memory)", () => {
  for (const algorithm of ALGORITHMS) {
    it(`${algorithm}: a burst of limit passes, the next is denied with a retry time, peek consumes nothing`, () => {
      const { limiter, clock } = limiterOn(algorithm, 3);
      expect(limiter.decide("k", 1, true)).toMatchObject({ allowed: true, remaining: 3, source: "local" });
      const burst = [1, 2, 3].map(() => limiter.decide("k", 1, false));
      expect(burst.map((r) => r.allowed)).toEqual([true, true, true]);
      expect(burst.map((r) => r.remaining)).toEqual([2, 1, 0]);
      const denied = limiter.decide("k", 1, false);
      expect(denied).toMatchObject({ allowed: false, limit: 3, source: "local" });
      expect(denied.retryAfterMs).toBeGreaterThan(0);
      expect(denied.retryAfterMs).toBeLessThanOrEqual(120_000);
      expect(denied).not.toHaveProperty("serverTime");
      expect(limiter.decide("other", 1, false).allowed).toBe(true); // keys are independent
      clock.us += denied.retryAfterMs * 1000;
      expect(limiter.decide("k", 1, false).allowed).toBe(true);
    });
  }

  it("the sliding log allows at most limit in any window, like its script", () => {
    const { limiter, clock } = limiterOn("sliding-log", 2);
    expect(limiter.decide("k", 1, false).allowed).toBe(true);
    clock.us += 30_000_000;
    expect(limiter.decide("k", 1, false).allowed).toBe(true);
    clock.us += 29_000_000;
    const denied = limiter.decide("k", 1, false);
    expect(denied.allowed).toBe(false);
    expect(denied.retryAfterMs).toBe(1000); // the first call leaves the window 60 s after it was made
    clock.us += 1_000_000;
    expect(limiter.decide("k", 1, false).allowed).toBe(true);
  });

  it("keeps at most maxKeys keys (least recently used forgotten) and delete() forgets one", () => {
    const { limiter } = limiterOn("fixed-window", 1, 2);
    limiter.decide("a", 1, false);
    limiter.decide("b", 1, false);
    limiter.decide("c", 1, false); // "a" is forgotten
    expect(limiter.decide("a", 1, false).allowed).toBe(true);
    expect(limiter.decide("c", 1, false).allowed).toBe(false);
    limiter.delete("c");
    expect(limiter.decide("c", 1, false).allowed).toBe(true);
  });
});
