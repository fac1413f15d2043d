import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.js";
import {
  checkCost,
  checkKey,
  checkLimit,
  MAX_SLIDING_LOG_LIMIT,
  resolveOptions,
  windowMicros,
} from "./validate.js";

describe("rate limiter input checks", () => {
  it("keys are non-empty strings", () => {
    expect(() => checkKey("k")).not.toThrow();
    for (const key of ["", undefined, null, 1, {}]) expect(() => checkKey(key)).toThrow(InvalidArgumentError);
  });

  it("windows are positive finite durations, kept in whole µs", () => {
    expect(windowMicros(60_000)).toBe(60_000_000);
    expect(windowMicros("1.5s")).toBe(1_500_000);
    expect(windowMicros("0.001ms")).toBe(1);
    expect(windowMicros(1000)).toBe(1_000_000);
    for (const window of [
      0,
      -1,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      "0ms",
      "-1s",
      "1w",
      "0.0001ms",
      4e12,
    ]) {
      expect(() => windowMicros(window as never)).toThrow(InvalidArgumentError);
    }
  });

  it("a bare number under 1000 is refused as a likely unit mistake, naming ms and the string forms", () => {
    expect(() => windowMicros(60)).toThrow(
      'rate limit window 60 would be 60 ms (a bare number is milliseconds). Write "60s" for seconds, or "60ms" if you do mean milliseconds.',
    );
    for (const window of [0.001, 1, 999]) expect(() => windowMicros(window)).toThrow(InvalidArgumentError);
    expect(windowMicros("60ms")).toBe(60_000);
  });

  it("timeout defaults to 1 s; localLimit is required with onError local and refused without it", () => {
    expect(resolveOptions({ limit: 5, window: "1m", timeout: "250ms" }).timeoutMs).toBe(250);
    expect(resolveOptions({ limit: 5, window: "1m", onError: "local", localLimit: 2 })).toMatchObject({
      onError: "local",
      localLimit: 2,
    });
    expect(() => resolveOptions({ limit: 5, window: "1m", onError: "local" })).toThrow(/needs localLimit/);
    expect(() => resolveOptions({ limit: 5, window: "1m", onError: "local", localLimit: 0.5 })).toThrow(
      InvalidArgumentError,
    );
    expect(() => resolveOptions({ limit: 5, window: "1m", localLimit: 2 })).toThrow(/only with onError/);
    for (const timeout of [0, -1, "soon", Number.NaN]) {
      expect(() => resolveOptions({ limit: 5, window: "1m", timeout: timeout as never })).toThrow(
        InvalidArgumentError,
      );
    }
  });

  it("limits are positive safe integers, at most MAX_SLIDING_LOG_LIMIT for the sliding log", () => {
    expect(checkLimit(1)).toBe(1);
    for (const limit of [0, -1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, "3"]) {
      expect(() => checkLimit(limit)).toThrow(InvalidArgumentError);
    }
    expect(checkLimit(MAX_SLIDING_LOG_LIMIT)).toBe(MAX_SLIDING_LOG_LIMIT);
    expect(() => checkLimit(MAX_SLIDING_LOG_LIMIT + 1)).toThrow(/gcra/);
    expect(checkLimit(2 ** 40, "gcra")).toBe(2 ** 40);
    expect(() => resolveOptions({ limit: MAX_SLIDING_LOG_LIMIT + 1, window: "1m" })).toThrow(
      InvalidArgumentError,
    );
    expect(resolveOptions({ limit: 2 ** 40, window: "1m", algorithm: "sliding-window" }).limit).toBe(2 ** 40);
  });

  it("costs are integers from 0 to the limit", () => {
    expect(checkCost(0, 3)).toBe(0);
    expect(checkCost(3, 3)).toBe(3);
    for (const cost of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 4, "1", null]) {
      expect(() => checkCost(cost, 3)).toThrow(InvalidArgumentError);
    }
  });

  it("options get their defaults, one prefix per algorithm", () => {
    expect(resolveOptions({ limit: 5, window: "1m" })).toEqual({
      algorithm: "sliding-log",
      limit: 5,
      windowMs: 60_000,
      windowUs: 60_000_000,
      prefix: "rate:",
      localCacheKeys: 0,
      onError: "throw",
      timeoutMs: 1000,
      localLimit: 0,
    });
    expect(resolveOptions({ algorithm: "gcra", limit: 5, window: "1s", localCache: true })).toMatchObject({
      prefix: "rate:gcra:",
      localCacheKeys: 10_000,
    });
    expect(resolveOptions({ limit: 5, window: "1s", prefix: "", localCache: { maxKeys: 7 } })).toMatchObject({
      prefix: "",
      localCacheKeys: 7,
    });
    expect(() => resolveOptions({ algorithm: "leaky" as never, limit: 5, window: "1s" })).toThrow(
      /unknown rate limit algorithm "leaky"/,
    );
  });
});
