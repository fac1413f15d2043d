import { describe, expect, it } from "vitest";
import { InvalidArgumentError, UnsupportedError } from "../errors.js";
import { checkOneSlot, decisionKeys, hashTag, resolveMultiOptions } from "./multi-options.js";
import { asMultiLimitReply } from "./multi-script.js";

describe("multi-limit options", () => {
  it("names limits by their window unless named, and lists the key names in first-use order", () => {
    const options = resolveMultiOptions({
      limits: [
        { window: "1s", limit: 10, key: "ip" },
        { window: 60_000, limit: 100, key: "user" },
        { name: "day", window: "1d", limit: 1000, key: "ip" },
      ],
    });
    expect(options.rules.map((rule) => [rule.name, rule.windowUs, rule.key])).toEqual([
      ["1s", 1_000_000, "ip"],
      ["60000ms", 60_000_000, "user"],
      ["day", 86_400_000_000, "ip"],
    ]);
    expect(options).toMatchObject({
      prefix: "rate:multi:",
      dynamicLimits: false,
      onError: "throw",
      timeoutMs: 1000,
    });
    expect(resolveMultiOptions({ limits: [{ window: "1s", limit: 1 }], timeout: "250ms" }).timeoutMs).toBe(
      250,
    );
    for (const timeout of [0, -5, "soon", Number.NaN]) {
      expect(() =>
        resolveMultiOptions({ limits: [{ window: "1s", limit: 1 }], timeout: timeout as never }),
      ).toThrow(InvalidArgumentError);
    }
    expect(options.keyNames).toEqual(["ip", "user"]);
  });

  it("decisionKeys: one string for unkeyed limits; a record otherwise, equal values sharing one log", () => {
    const unkeyed = resolveMultiOptions({
      limits: [
        { window: "1s", limit: 1 },
        { window: "1m", limit: 5 },
      ],
    });
    expect(decisionKeys(unkeyed, "k")).toEqual({ keys: ["k"], keyOfRule: [0, 0] });
    const keyed = resolveMultiOptions({
      limits: [
        { name: "u", key: "user", window: "1s", limit: 1 },
        { name: "i", key: "ip", window: "1s", limit: 1 },
      ],
    });
    expect(decisionKeys(keyed, { user: "a", ip: "b" })).toEqual({ keys: ["a", "b"], keyOfRule: [0, 1] });
    expect(decisionKeys(keyed, { user: "a", ip: "a" })).toEqual({ keys: ["a"], keyOfRule: [0, 0] });
    for (const bad of ["a", null, { user: "a" }, { user: "a", ip: "" }, { user: 1, ip: "b" }]) {
      expect(() => decisionKeys(keyed, bad)).toThrow(InvalidArgumentError);
    }
    expect(() => decisionKeys(unkeyed, { user: "a" })).toThrow(InvalidArgumentError);
  });

  it("refuses bad options with InvalidArgumentError", () => {
    const bad: unknown[] = [
      null,
      { limits: [] },
      { limits: [null] },
      { limits: [{ window: "1s", limit: 1, name: "" }] },
      { limits: [{ window: "1s", limit: 1, key: 3 }] },
      { limits: [{ window: "1s", limit: 1 }], prefix: 1 },
      { limits: [{ window: "1s", limit: 1 }], onError: "local" },
      { limits: [{ window: "1s", limit: 1 }], limit: 3 },
      { limits: [{ window: "1s", limit: 200_000 }] },
    ];
    for (const options of bad)
      expect(() => resolveMultiOptions(options as never)).toThrow(InvalidArgumentError);
  });

  it("hashTag follows Redis Cluster: the first {...} when not empty, else the whole key", () => {
    expect(hashTag("rate:multi:{user:1}")).toBe("user:1");
    expect(hashTag("rate:multi:{{t}user:1}")).toBe("{t");
    expect(hashTag("rate:multi:block:{{t}ip:9}")).toBe("{t");
    expect(hashTag("a{}b{c}")).toBe("a{}b{c}");
    expect(hashTag("plain")).toBe("plain");
  });

  it("checkOneSlot refuses keys with different tags on a cluster only", () => {
    expect(() => checkOneSlot(true, ["r:{{t}a}", "r:block:{{t}b}"])).not.toThrow();
    expect(() => checkOneSlot(true, ["r:{a}", "r:{b}"])).toThrow(UnsupportedError);
    expect(() => checkOneSlot(false, ["r:{a}", "r:{b}"])).not.toThrow();
  });

  it("decodes the script's reply, and refuses anything else", () => {
    expect(asMultiLimitReply([0, 5_000_000, 2000, 1, 10, 0, 3, 4, 100, 7, 8, 0])).toEqual({
      allowed: false,
      serverTimeUs: 5_000_000,
      blockedUs: 2000,
      blockedKey: 0,
      limits: [
        [10, 0, 3, 4],
        [100, 7, 8, 0],
      ],
    });
    for (const bad of [null, [1, 2, 3, 4], [1, 2, 3, 4, 5, 6, 7], [1, 2, 3, 4, 5, 6, 7, "8"]]) {
      expect(() => asMultiLimitReply(bad as never)).toThrow(/multi-limit/);
    }
  });
});
