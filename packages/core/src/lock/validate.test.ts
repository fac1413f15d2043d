import { describe, expect, it } from "vitest";
import { InvalidArgumentError, LockTimeoutError } from "../errors.js";
import { checkKey, checkPrefix, checkSignal, checkTtl, checkWait } from "./validate.js";

describe("locker argument checks", () => {
  it("accepts good input: ttls rounded up to whole ms", () => {
    expect(checkKey("job")).toBe("job");
    expect(checkTtl(1500)).toBe(1500);
    expect(checkTtl("5s")).toBe(5000);
    expect(checkTtl(0.2)).toBe(1);
    expect(checkWait(0)).toBe(0);
    expect(checkWait("250ms")).toBe(250);
    expect(checkPrefix("locks")).toBe("locks");
    const signal = new AbortController().signal;
    expect(checkSignal(signal)).toBe(signal);
    expect(checkSignal(undefined)).toBeUndefined();
  });

  it("rejects bad input with InvalidArgumentError", () => {
    const bad = [
      () => checkKey(""),
      () => checkKey(42),
      ...[0, -1, Number.NaN, Number.POSITIVE_INFINITY, "0s", "later", 2 ** 60].map(
        (v) => () => checkTtl(v as never),
      ),
      ...[-1, Number.NaN, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY].map((v) => () => checkWait(v)),
      () => checkPrefix(""),
      () => checkPrefix("a}"),
      () => checkSignal({}),
    ];
    for (const call of bad) expect(call).toThrow(InvalidArgumentError);
  });

  it("LockTimeoutError has its own code", () => {
    const error = new LockTimeoutError("busy");
    expect(error.code).toBe("LOCK_TIMEOUT");
    expect(error.name).toBe("LockTimeoutError");
  });
});
