import { describe, expect, it } from "vitest";
import { DenyCache } from "./deny-cache.js";
import type { RateLimitResult } from "./types.js";

const denial = (retryAfterMs: number, resetAfterMs = retryAfterMs): RateLimitResult => ({
  allowed: false,
  limit: 5,
  remaining: 0,
  resetAfterMs,
  retryAfterMs,
  source: "redis",
});

function fakeClock() {
  const clock = { now: 1000, read: () => clock.now };
  return clock;
}

describe("local deny cache", () => {
  it("answers a denied key until its retryAfterMs passes on the local clock, then forgets it", () => {
    const clock = fakeClock();
    const cache = new DenyCache(10, clock.read);
    cache.remember("k", 1, denial(300, 900));
    clock.now += 100;
    expect(cache.answer("k", 1, 5)).toEqual({
      allowed: false,
      limit: 5,
      remaining: 0,
      resetAfterMs: 800,
      retryAfterMs: 200,
      source: "local-cache",
    });
    clock.now += 199.5;
    expect(cache.answer("k", 1, 5)?.retryAfterMs).toBe(1);
    clock.now += 0.5;
    expect(cache.answer("k", 1, 5)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("never caches an allowed result or a denial without a wait, and ignores unknown keys", () => {
    const cache = new DenyCache(10, fakeClock().read);
    cache.remember("a", 1, { ...denial(0), allowed: true });
    cache.remember("b", 1, denial(0));
    expect(cache.size).toBe(0);
    expect(cache.answer("a", 1, 5)).toBeUndefined();
  });

  it("a smaller cost than the one denied goes to Redis; an equal or larger one is answered", () => {
    const cache = new DenyCache(10, fakeClock().read);
    cache.remember("k", 3, denial(100));
    expect(cache.answer("k", 2, 5)).toBeUndefined();
    expect(cache.answer("k", 0, 5)).toBeUndefined();
    expect(cache.answer("k", 3, 5)?.allowed).toBe(false);
    expect(cache.answer("k", 5, 5)?.allowed).toBe(false);
  });

  it("is bounded: when full, the oldest denial is evicted first; re-remembering a key makes it newest", () => {
    const cache = new DenyCache(3, fakeClock().read);
    for (const key of ["a", "b", "c"]) cache.remember(key, 1, denial(1000));
    cache.remember("a", 1, denial(1000));
    cache.remember("d", 1, denial(1000));
    expect(cache.size).toBe(3);
    expect(cache.answer("b", 1, 5)).toBeUndefined();
    for (const key of ["a", "c", "d"]) expect(cache.answer(key, 1, 5)?.source).toBe("local-cache");
    for (let i = 0; i < 1000; i++) cache.remember(`many-${i}`, 1, denial(1000));
    expect(cache.size).toBe(3);
  });

  it("delete forgets a key", () => {
    const cache = new DenyCache(3, fakeClock().read);
    cache.remember("k", 1, denial(1000));
    cache.delete("k");
    expect(cache.answer("k", 1, 5)).toBeUndefined();
  });
});
