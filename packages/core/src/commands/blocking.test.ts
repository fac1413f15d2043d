import { describe, expect, it } from "vitest";
import { blockingMs } from "./blocking.js";

describe("blockingMs reads timeouts as Redis does", () => {
  it("takes the last BLOCK of XREAD, as Redis does", () => {
    expect(blockingMs(["XREAD", "BLOCK", "100", "BLOCK", "0", "STREAMS", "s", "$"])).toBe(Infinity);
    expect(blockingMs(["XREAD", "BLOCK", "0", "BLOCK", "100", "STREAMS", "s", "$"])).toBe(100);
  });

  it("skips XREADGROUP's group and consumer even when they are named like keywords", () => {
    expect(blockingMs(["XREADGROUP", "GROUP", "STREAMS", "c1", "BLOCK", "0", "STREAMS", "s", ">"])).toBe(
      Infinity,
    );
    expect(blockingMs(["XREADGROUP", "GROUP", "BLOCK", "BLOCK", "STREAMS", "s", ">"])).toBeUndefined();
    expect(
      blockingMs(["XREADGROUP", "GROUP", "g", "c", "NOACK", "COUNT", "1", "BLOCK", "5", "STREAMS", "s", ">"]),
    ).toBe(5);
  });

  it("does not count a BLOCK after STREAMS, nor one without a value", () => {
    expect(blockingMs(["XREAD", "STREAMS", "BLOCK", "0"])).toBeUndefined();
    expect(blockingMs(["XREAD", "COUNT", "BLOCK", "STREAMS", "s", "0"])).toBeUndefined();
  });

  it("rounds seconds up to whole milliseconds, so a tiny negative timeout is 'forever' as for Redis", () => {
    expect(blockingMs(["BLPOP", "k", "-0.0000001"])).toBe(Infinity);
    expect(blockingMs(["BLPOP", "k", "0.0001"])).toBe(1);
    expect(blockingMs(["BLPOP", "k", "-1"])).toBe(0);
    expect(blockingMs(["BLMPOP", "2.5", "1", "k", "LEFT"])).toBe(2500);
  });

  it("counts what it cannot read as forever, and a fractional millisecond timeout as unreadable", () => {
    expect(blockingMs(["BLPOP", "k", ""])).toBe(Infinity);
    expect(blockingMs(["BLPOP", "k", " 1"])).toBe(Infinity);
    expect(blockingMs(["XREAD", "BLOCK", "1.5", "STREAMS", "s", "$"])).toBe(Infinity);
    expect(blockingMs(["WAIT", "1", "1.5"])).toBe(Infinity);
  });

  it("matches option words with ASCII case folding only", () => {
    expect(blockingMs(["XREAD", "bloCk", "7", "STREAMS", "s", "$"])).toBe(7);
    // "ſtreams" is no keyword for Redis (a syntax error), so nothing blocks.
    expect(blockingMs(["XREAD", "BLOCK", "7", "ſtreams", "s", "$"])).toBeUndefined();
  });
});
