import { describe, expect, it } from "vitest";
import { blockingMs } from "./blocking.js";
import type { Command } from "./command.js";
import { commandBuilders } from "./index.js";

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

  it("reads option words up to a NUL byte, as Redis' strcasecmp does: BLOCK\\0 is BLOCK", () => {
    expect(blockingMs(["XREAD", "BLOCK\0", "0", "STREAMS", "s", "$"])).toBe(Infinity);
    expect(blockingMs(["XREAD", "BLOCK", "100", "block\0x", "0", "STREAMS", "s", "$"])).toBe(Infinity);
    expect(blockingMs(["XREADGROUP", "GROUP\0", "g", "c", "BLOCK", "5", "STREAMS\0", "s", ">"])).toBe(5);
    expect(blockingMs(["XREAD", "BLOCK", "7", "STREAMS\0", "s", "$"])).toBe(7);
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

describe("blocking builders carry their block, as call() would read it from the arguments", () => {
  const builders = commandBuilders() as unknown as Record<string, (...args: unknown[]) => Command<unknown>>;
  /** Every builder of a command that can block, with arguments that block and that do not. */
  const samples: Record<string, unknown[][]> = {
    blpop: [
      [["a", "b"], 2.5],
      ["a", 0],
      ["a", 0.0001],
    ],
    blpopBytes: [["a", 1]],
    brpop: [["a", 0.25]],
    brpopBytes: [["a", 0]],
    brpoplpush: [["a", "b", 3]],
    blmove: [["a", "b", "LEFT", "RIGHT", 0]],
    blmpop: [
      [1.5, ["a"], "LEFT"],
      [0, "a", "RIGHT", 2],
    ],
    blmpopBytes: [[2, ["a"], "LEFT"]],
    bzpopmin: [[["a"], 0.001]],
    bzpopmax: [["a", 0]],
    bzmpop: [[4, ["a", "b"], "MIN", 2]],
    xread: [[{ s: "0" }, { block: 5 }], [{ s: "0" }, { block: 0, count: 1 }], [{ s: "0" }], [{ s: "0" }, {}]],
    xreadBytes: [[{ s: "$" }, { block: 100 }]],
    xreadgroup: [
      ["g", "c", { s: ">" }, { block: 7, noack: true }],
      ["g", "c", { s: ">" }],
    ],
    xreadgroupBytes: [["g", "c", { s: ">" }, { count: 2, block: 0 }]],
    wait: [
      [1, 100],
      [0, 0],
    ],
  };

  it("each blocking builder's blockMs equals blockingMs of its argv", () => {
    for (const [method, calls] of Object.entries(samples)) {
      for (const args of calls) {
        const cmd = builders[method]!(...args);
        expect({ method, args, blockMs: cmd.blockMs }).toEqual({
          method,
          args,
          blockMs: blockingMs(cmd.argv),
        });
      }
    }
    expect(builders.blpop!("a", 0).blockMs).toBe(Infinity);
    expect(builders.xread!({ s: "0" }).blockMs).toBeUndefined();
  });

  it("every method of a command that can block is sampled above", () => {
    const blocking = Object.keys(builders).filter((name) => /^(bl|br|bz|xread|wait$)/.test(name));
    expect(blocking.sort()).toEqual(Object.keys(samples).sort());
  });

  it("other builders do not block", () => {
    expect(builders.get!("k").blockMs).toBeUndefined();
    expect(builders.lpop!("k").blockMs).toBeUndefined();
  });
});
