import { describe, expect, it } from "vitest";
import { keyPositions } from "./key-positions.js";

/** The keys of `argv` as keyPositions finds them. */
const keysOf = (...argv: string[]) => keyPositions(argv)?.map((i) => argv[i]);

describe("keyPositions", () => {
  // Each expectation is what Redis 7.0.15 answers to COMMAND GETKEYS for the same argv.
  it.each([
    [["GET", "k"], ["k"]],
    [
      ["MSET", "a", "1", "b", "2"],
      ["a", "b"],
    ],
    [
      ["EVAL", "return 1", "2", "k1", "k2", "arg"],
      ["k1", "k2"],
    ],
    [["EVALSHA", "abc", "0", "arg"], []],
    [["FCALL", "f", "1", "k", "a"], ["k"]],
    [
      ["ZUNIONSTORE", "dst", "2", "s1", "s2", "WEIGHTS", "1", "2"],
      ["dst", "s1", "s2"],
    ],
    [
      ["XREAD", "COUNT", "2", "STREAMS", "s1", "s2", "0", "0"],
      ["s1", "s2"],
    ],
    [
      ["XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "s1", "s2", ">", ">"],
      ["s1", "s2"],
    ],
    [
      ["GEORADIUS", "g", "0", "0", "1", "km", "STORE", "dst"],
      ["g", "dst"],
    ],
    [
      ["BITOP", "AND", "dst", "a", "b"],
      ["dst", "a", "b"],
    ],
    [["MIGRATE", "h", "1", "k", "0", "100"], ["k"]],
    [
      ["MIGRATE", "h", "1", "", "0", "100", "COPY", "KEYS", "a", "b"],
      ["a", "b"],
    ],
    [["OBJECT", "encoding", "k"], ["k"]],
    [["MEMORY", "USAGE", "k", "SAMPLES", "5"], ["k"]],
    [
      ["BLMPOP", "0", "2", "l1", "l2", "LEFT"],
      ["l1", "l2"],
    ],
    [
      ["BZPOPMIN", "z1", "z2", "0"],
      ["z1", "z2"],
    ],
    [
      ["SINTERCARD", "2", "a", "b", "LIMIT", "1"],
      ["a", "b"],
    ],
    [
      ["GEOSEARCHSTORE", "d", "s", "FROMMEMBER", "m", "BYRADIUS", "1", "km"],
      ["d", "s"],
    ],
    [["XGROUP", "CREATE", "s", "g", "$"], ["s"]],
  ])("%j has keys %j", (argv, keys) => {
    expect(keysOf(...argv)).toEqual(keys);
  });

  it("finds SORT's BY and GET patterns and STORE destination, but not GET #", () => {
    expect(
      keysOf("SORT", "ids", "BY", "w_*", "LIMIT", "0", "5", "GET", "#", "GET", "v_*", "STORE", "d"),
    ).toEqual(["ids", "w_*", "v_*", "d"]);
  });

  it("reads keywords up to a NUL byte, as Redis does, so no key escapes the namespace behind one", () => {
    expect(keysOf("SORT", "ids", "BY\0", "w_*", "STORE\0x", "d")).toEqual(["ids", "w_*", "d"]);
    expect(keysOf("XREAD", "COUNT", "1", "STREAMS\0", "s1", "s2", "0", "0")).toEqual(["s1", "s2"]);
  });

  it("gives keyless commands and shard channels no keys, and unknown commands undefined", () => {
    expect(keysOf("PING")).toEqual([]);
    expect(keysOf("CONFIG", "GET", "maxmemory")).toEqual([]);
    expect(keysOf("SPUBLISH", "channel", "m")).toEqual([]);
    expect(keysOf("JSON.SET", "doc", "$", "{}")).toBeUndefined();
  });

  it("never reaches past the arguments given (a short argv is left for the server to refuse)", () => {
    expect(keysOf("EVAL", "return 1", "3", "k1")).toEqual(["k1"]);
    expect(keysOf("ZUNIONSTORE", "dst", "x")).toEqual(["dst"]);
  });
});
