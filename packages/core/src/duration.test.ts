import { describe, expect, it } from "vitest";
import { Hour, Millisecond, Minute, Second, toMilliseconds, toPositiveMilliseconds } from "./duration.js";
import { InvalidArgumentError } from "./errors.js";

describe("durations", () => {
  it("constants are milliseconds", () => {
    expect([Millisecond, Second, Minute, Hour]).toEqual([1, 1000, 60_000, 3_600_000]);
  });

  it("parses numbers and unit strings", () => {
    expect(toMilliseconds(250)).toBe(250);
    expect(toMilliseconds("250ms")).toBe(250);
    expect(toMilliseconds("5s")).toBe(5000);
    expect(toMilliseconds("1.5s")).toBe(1500);
    expect(toMilliseconds("1m")).toBe(Minute);
    expect(toMilliseconds("2h")).toBe(2 * Hour);
    expect(toMilliseconds("1d")).toBe(24 * Hour);
  });

  it("rejects what is not a duration", () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, "5", "5 minutes", "", "-1s", null, {}]) {
      expect(() => toMilliseconds(bad as never)).toThrow(InvalidArgumentError);
    }
  });

  it("positive durations reject zero and negatives, naming the option", () => {
    expect(() => toPositiveMilliseconds(0, "ttl")).toThrow(/ttl must be greater than 0/);
    expect(() => toPositiveMilliseconds(-5, "ttl")).toThrow(InvalidArgumentError);
  });
});
