import { describe, expect, it } from "vitest";
import { InvalidArgumentError, LockTimeoutError } from "../errors.js";
import { checkKey, checkPrefix, checkSignal, checkTtl, checkWait } from "./validate.js";

describe("locker argument checks", () => {
  it("accepts good input: ttls rounded up to whole ms", () => {
    expect(checkKey("job")).toBe("job");
    expect(checkTtl(1500)).toBe(1500);
    expect(checkTtl("5s")).toBe(5000);
    expect(checkTtl("0.2ms")).toBe(1);
    expect(checkTtl("300ms")).toBe(300);
    expect(checkTtl(1000)).toBe(1000);
    expect(checkWait(100)).toBe(100); // a wait is not held to the ttl's rule
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

  it("a bare-number ttl under 1000 is refused as a likely unit mistake, naming ms and the string forms", () => {
    expect(() => checkTtl(30)).toThrow(
      'ttl 30 would be 30 ms (a bare number is milliseconds). Write "30s" for seconds, or "30ms" if you do mean milliseconds.',
    );
    expect(() => checkTtl(999, "refresh ttl")).toThrow(/^refresh ttl 999 would be 999 ms/);
    expect(() => checkTtl(0.2)).toThrow(InvalidArgumentError);
  });

  it("LockTimeoutError has its own code", () => {
    const error = new LockTimeoutError("busy");
    expect(error.code).toBe("LOCK_TIMEOUT");
    expect(error.name).toBe("LockTimeoutError");
  });
});
