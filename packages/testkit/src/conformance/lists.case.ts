import { InvalidArgumentError, ReplyError } from "@beeredis/core";
import { expect } from "vitest";
import type { Cases } from "./context.js";
import { BLOCKS_10_S, BLOCKS_FOR_EVER, ONE_SERVER, SINGLE_SLOT_KEYS } from "./needs.js";

const EVERY_BYTE = Uint8Array.from({ length: 256 }, (_, i) => i);
const OTHER_BYTES = Uint8Array.from([0xff, 0xfe, 0x00, 0x80]);

/** Bytes as a plain array, so `toEqual` compares contents whatever the Uint8Array subclass. */
const bytes = (value: Uint8Array | null | undefined) => (value ? Array.from(value) : value);

/** Every list command name, for checking through INFO commandstats that nothing was sent. */
const LIST_COMMANDS = [
  "lpush",
  "rpush",
  "lpushx",
  "rpushx",
  "lpop",
  "rpop",
  "lrange",
  "llen",
  "lindex",
  "linsert",
  "lset",
  "lrem",
  "ltrim",
  "lpos",
  "lmove",
  "lmpop",
  "rpoplpush",
  "blpop",
  "brpop",
  "brpoplpush",
  "blmove",
  "blmpop",
];

export const listsCases: Cases = (ctx, it) => {
  /** How many clients the server has blocked right now (BLPOP and friends waiting for data). */
  const blockedClients = async (): Promise<number> => {
    const info = await ctx.admin.info("clients");
    return Number(/blocked_clients:(\d+)/.exec(info)?.[1] ?? "0");
  };

  /** Waits until at least `count` clients are blocked server-side, so a push really lands during the wait. */
  const untilBlocked = async (count: number): Promise<void> => {
    for (let attempt = 0; attempt < 1000; attempt++) {
      if ((await blockedClients()) >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`Expected ${count} blocked clients on the server.`);
  };

  /** The commandstats lines of the list commands (calls, rejected and failed calls). */
  const listCommandStats = async (): Promise<string[]> => {
    const info = await ctx.admin.info("commandstats");
    return info
      .split(/\r?\n/)
      .filter((line) => LIST_COMMANDS.some((name) => line.startsWith(`cmdstat_${name}:`)));
  };

  it("lpush, rpush, lpushx, rpushx and llen", async () => {
    expect(await ctx.pool.rpush("l", "b", "c")).toBe(2);
    expect(await ctx.pool.lpush("l", "a", "z")).toBe(4);
    expect(await ctx.admin.lrange("l", 0, -1)).toEqual(["z", "a", "b", "c"]);
    expect(await ctx.pool.rpushx("l", "d")).toBe(5);
    expect(await ctx.pool.lpushx("l", "y", "x")).toBe(7);
    expect(await ctx.admin.lrange("l", 0, -1)).toEqual(["x", "y", "z", "a", "b", "c", "d"]);
    expect(await ctx.pool.llen("l")).toBe(7);
    expect(await ctx.pool.lpushx("missing", "a")).toBe(0);
    expect(await ctx.pool.rpushx("missing", "a", "b")).toBe(0);
    expect(await ctx.admin.exists("missing")).toBe(0);
    expect(await ctx.pool.llen("missing")).toBe(0);
    expect(await ctx.pool.rpush("n", 1, 2.5, 10n, "zażółć 🐝")).toBe(4);
    expect(await ctx.admin.lrange("n", 0, -1)).toEqual(["1", "2.5", "10", "zażółć 🐝"]);
  });

  it("lpop and rpop, without and with a count", async () => {
    await ctx.admin.rpush("p", "a", "b", "c", "d", "e");
    expect(await ctx.pool.lpop("p")).toBe("a");
    expect(await ctx.pool.rpop("p")).toBe("e");
    expect(await ctx.pool.lpopCount("p", 2)).toEqual(["b", "c"]);
    expect(await ctx.pool.rpopCount("p", 0)).toEqual([]);
    expect(await ctx.pool.rpopCount("p", 5)).toEqual(["d"]);
    expect(await ctx.admin.exists("p")).toBe(0);
    expect(await ctx.pool.lpop("p")).toBeNull();
    expect(await ctx.pool.rpop("p")).toBeNull();
    expect(await ctx.pool.lpopCount("p", 1)).toBeNull();
    expect(await ctx.pool.rpopCount("p", 3)).toBeNull();
    await ctx.admin.rpush("q", "1", "2", "3");
    expect(await ctx.pool.rpopCount("q", 2)).toEqual(["3", "2"]);
    expect(await ctx.admin.lrange("q", 0, -1)).toEqual(["1"]);
  });

  it("lrange and lindex, with negative indexes", async () => {
    await ctx.admin.rpush("l", "a", "b", "c", "d");
    expect(await ctx.pool.lrange("l", 0, -1)).toEqual(["a", "b", "c", "d"]);
    expect(await ctx.pool.lrange("l", 1, 2)).toEqual(["b", "c"]);
    expect(await ctx.pool.lrange("l", -2, 100)).toEqual(["c", "d"]);
    expect(await ctx.pool.lrange("l", 3, 1)).toEqual([]);
    expect(await ctx.pool.lrange("missing", 0, -1)).toEqual([]);
    expect(await ctx.pool.lindex("l", 0)).toBe("a");
    expect(await ctx.pool.lindex("l", -1)).toBe("d");
    expect(await ctx.pool.lindex("l", 4)).toBeNull();
    expect(await ctx.pool.lindex("missing", 0)).toBeNull();
  });

  it("linsert before and after a pivot", async () => {
    await ctx.admin.rpush("i", "a", "c");
    expect(await ctx.pool.linsert("i", "BEFORE", "c", "b")).toBe(3);
    expect(await ctx.pool.linsert("i", "AFTER", "c", "d")).toBe(4);
    expect(await ctx.admin.lrange("i", 0, -1)).toEqual(["a", "b", "c", "d"]);
    expect(await ctx.pool.linsert("i", "BEFORE", "no-such-pivot", "x")).toBe(-1);
    expect(await ctx.pool.linsert("missing", "AFTER", "a", "b")).toBe(0);
    expect(await ctx.admin.exists("missing")).toBe(0);
    expect(await ctx.admin.lrange("i", 0, -1)).toEqual(["a", "b", "c", "d"]);
  });

  it("lset, lrem and ltrim", async () => {
    await ctx.admin.rpush("l", "a", "b", "c");
    expect(await ctx.pool.lset("l", 1, "B")).toBe("OK");
    expect(await ctx.pool.lset("l", -1, "C")).toBe("OK");
    expect(await ctx.admin.lrange("l", 0, -1)).toEqual(["a", "B", "C"]);
    await expect(ctx.pool.lset("l", 10, "x")).rejects.toMatchObject({ code: "REPLY_ERROR", prefix: "ERR" });
    await expect(ctx.pool.lset("missing", 0, "x")).rejects.toBeInstanceOf(ReplyError);
    expect(await ctx.admin.exists("missing")).toBe(0);

    await ctx.admin.rpush("r", "a", "b", "a", "c", "a");
    expect(await ctx.pool.lrem("r", 2, "a")).toBe(2);
    expect(await ctx.admin.lrange("r", 0, -1)).toEqual(["b", "c", "a"]);
    await ctx.admin.rpush("r", "b");
    expect(await ctx.pool.lrem("r", -1, "b")).toBe(1);
    expect(await ctx.admin.lrange("r", 0, -1)).toEqual(["b", "c", "a"]);
    expect(await ctx.pool.lrem("r", 0, "no-such-element")).toBe(0);
    expect(await ctx.pool.lrem("r", 0, "c")).toBe(1);
    expect(await ctx.admin.lrange("r", 0, -1)).toEqual(["b", "a"]);

    await ctx.admin.rpush("t", "1", "2", "3", "4", "5");
    expect(await ctx.pool.ltrim("t", 1, -2)).toBe("OK");
    expect(await ctx.admin.lrange("t", 0, -1)).toEqual(["2", "3", "4"]);
    expect(await ctx.pool.ltrim("t", 5, 10)).toBe("OK");
    expect(await ctx.admin.exists("t")).toBe(0);
  });

  it("lpos and lposCount with rank, count and maxlen", async () => {
    await ctx.admin.rpush("l", "a", "b", "c", "1", "2", "3", "c", "c");
    expect(await ctx.pool.lpos("l", "c")).toBe(2);
    expect(await ctx.pool.lpos("l", "c", { rank: 2 })).toBe(6);
    expect(await ctx.pool.lpos("l", "c", { rank: -1 })).toBe(7);
    expect(await ctx.pool.lpos("l", "c", { rank: 4 })).toBeNull();
    expect(await ctx.pool.lpos("l", 3)).toBe(5);
    expect(await ctx.pool.lpos("l", "c", { maxlen: 2 })).toBeNull();
    expect(await ctx.pool.lpos("l", "z")).toBeNull();
    expect(await ctx.pool.lpos("missing", "a")).toBeNull();
    expect(await ctx.pool.lposCount("l", "c", 2)).toEqual([2, 6]);
    expect(await ctx.pool.lposCount("l", "c", 0)).toEqual([2, 6, 7]);
    expect(await ctx.pool.lposCount("l", "c", 0, { rank: -1 })).toEqual([7, 6, 2]);
    expect(await ctx.pool.lposCount("l", "c", 0, { rank: 2, maxlen: 7 })).toEqual([6]);
    expect(await ctx.pool.lposCount("l", "z", 1)).toEqual([]);
    expect(await ctx.pool.lposCount("missing", "a", 0)).toEqual([]);
  });

  it("lmove and rpoplpush", SINGLE_SLOT_KEYS, async () => {
    await ctx.admin.rpush("src", "a", "b", "c");
    expect(await ctx.pool.lmove("src", "dst", "RIGHT", "LEFT")).toBe("c");
    expect(await ctx.pool.lmove("src", "dst", "LEFT", "RIGHT")).toBe("a");
    expect(await ctx.admin.lrange("src", 0, -1)).toEqual(["b"]);
    expect(await ctx.admin.lrange("dst", 0, -1)).toEqual(["c", "a"]);
    expect(await ctx.pool.lmove("dst", "dst", "LEFT", "RIGHT")).toBe("c");
    expect(await ctx.admin.lrange("dst", 0, -1)).toEqual(["a", "c"]);
    expect(await ctx.pool.lmove("missing", "dst", "LEFT", "LEFT")).toBeNull();
    expect(await ctx.pool.rpoplpush("src", "dst")).toBe("b");
    expect(await ctx.admin.lrange("dst", 0, -1)).toEqual(["b", "a", "c"]);
    expect(await ctx.admin.exists("src")).toBe(0);
    expect(await ctx.pool.rpoplpush("src", "dst")).toBeNull();
    expect(await ctx.admin.llen("dst")).toBe(3);
  });

  it("lmpop pops from the first non-empty list", SINGLE_SLOT_KEYS, async () => {
    await ctx.admin.rpush("l2", "x", "y", "z", "w");
    expect(await ctx.pool.lmpop(["l1", "l2"], "LEFT")).toEqual({ key: "l2", elements: ["x"] });
    expect(await ctx.pool.lmpop(["l1", "l2"], "RIGHT", 2)).toEqual({ key: "l2", elements: ["w", "z"] });
    expect(await ctx.pool.lmpop("l2", "LEFT", 10)).toEqual({ key: "l2", elements: ["y"] });
    expect(await ctx.pool.lmpop(["l1", "l2"], "LEFT")).toBeNull();
    expect(await ctx.admin.exists("l1", "l2")).toBe(0);
  });

  it("byte variants keep every byte", SINGLE_SLOT_KEYS, async () => {
    const every = bytes(EVERY_BYTE);
    const other = bytes(OTHER_BYTES);
    await ctx.pool.rpush("bin", EVERY_BYTE, OTHER_BYTES, EVERY_BYTE, OTHER_BYTES);
    expect((await ctx.admin.lrangeBuffer("bin", 0, 0)).map((b) => Array.from(b))).toEqual([every]);
    const range = await ctx.pool.lrangeBytes("bin", 0, -1);
    expect(range.every((b) => b instanceof Uint8Array)).toBe(true);
    expect(range.map(bytes)).toEqual([every, other, every, other]);
    expect(await ctx.pool.lrangeBytes("missing", 0, -1)).toEqual([]);
    expect(bytes(await ctx.pool.lindexBytes("bin", 1))).toEqual(other);
    expect(await ctx.pool.lindexBytes("bin", 100)).toBeNull();
    expect(bytes(await ctx.pool.lpopBytes("bin"))).toEqual(every);
    expect(bytes(await ctx.pool.rpopBytes("bin"))).toEqual(other);
    expect((await ctx.pool.lpopCountBytes("bin", 1))?.map(bytes)).toEqual([other]);
    expect((await ctx.pool.rpopCountBytes("bin", 5))?.map(bytes)).toEqual([every]);
    expect(await ctx.pool.lpopBytes("bin")).toBeNull();
    expect(await ctx.pool.rpopCountBytes("bin", 1)).toBeNull();

    await ctx.pool.rpush("bin", EVERY_BYTE, OTHER_BYTES, EVERY_BYTE, OTHER_BYTES);
    const multi = await ctx.pool.lmpopBytes(["empty", "bin"], "LEFT", 1);
    expect(multi?.key).toBe("bin");
    expect(multi?.elements.map(bytes)).toEqual([every]);
    const blocked = await ctx.pool.blpopBytes(["empty", "bin"], 1);
    expect(blocked?.key).toBe("bin");
    expect(bytes(blocked?.element)).toEqual(other);
    const right = await ctx.pool.brpopBytes("bin", 1);
    expect(right?.key).toBe("bin");
    expect(bytes(right?.element)).toEqual(other);
    const last = await ctx.pool.blmpopBytes(1, "bin", "RIGHT", 3);
    expect(last?.key).toBe("bin");
    expect(last?.elements.map(bytes)).toEqual([every]);
    expect(await ctx.pool.blmpopBytes(0.05, "bin", "RIGHT")).toBeNull();
  });

  it(
    "blpop and brpop return at once when a list has elements, null on timeout",
    [SINGLE_SLOT_KEYS, BLOCKS_FOR_EVER],
    async () => {
      await ctx.admin.rpush("a", "1", "2", "3");
      expect(await ctx.pool.blpop(["empty", "a"], 1)).toEqual({ key: "a", element: "1" });
      expect(await ctx.pool.brpop("a", 1)).toEqual({ key: "a", element: "3" });
      expect(await ctx.pool.blpop("a", 0)).toEqual({ key: "a", element: "2" });
      expect(await ctx.pool.blpop(["empty", "a"], 0.1)).toBeNull();
      expect(await ctx.pool.brpop("a", 0.05)).toBeNull();
      expect(await ctx.admin.exists("a")).toBe(0);
    },
  );

  it("a blocking blpop does not delay a concurrent get on the same pool", async () => {
    await ctx.admin.set("x", "value-x");
    const base = await blockedClients();
    const settled: string[] = [];
    const blpop = ctx.pool.blpop("empty-list", 2).then(
      (result) => {
        settled.push("blpop");
        return result;
      },
      (error: unknown) => {
        settled.push("blpop");
        throw error;
      },
    );
    await untilBlocked(base + 1);
    const value = await ctx.pool.get("x");
    settled.push("get");
    expect(value).toBe("value-x");
    expect(settled).toEqual(["get"]);
    await ctx.admin.rpush("empty-list", "pushed");
    expect(await blpop).toEqual({ key: "empty-list", element: "pushed" });
    expect(settled).toEqual(["get", "blpop"]);
    expect(await ctx.admin.exists("empty-list")).toBe(0);
  });

  it(
    "blpop returns the element another client pushes while it waits",
    [ONE_SERVER, BLOCKS_10_S],
    async () => {
      const base = await blockedClients();
      const waiting = ctx.pool.blpop(["first", "second"], 10);
      await untilBlocked(base + 1);
      await ctx.admin.rpush("second", "hello", "world");
      expect(await waiting).toEqual({ key: "second", element: "hello" });
      expect(await ctx.admin.lrange("second", 0, -1)).toEqual(["world"]);
    },
  );

  it("a timeout of 0 waits until an element arrives", BLOCKS_FOR_EVER, async () => {
    const base = await blockedClients();
    const waiting = ctx.pool.brpop("forever", 0);
    await untilBlocked(base + 1);
    await ctx.admin.rpush("forever", "a", "b");
    expect(await waiting).toEqual({ key: "forever", element: "b" });
  });

  it("two blpops waiting on the same pool are served in the order they blocked", BLOCKS_10_S, async () => {
    const base = await blockedClients();
    const first = ctx.pool.blpop("jobs", 10);
    await untilBlocked(base + 1);
    const second = ctx.pool.blpop("jobs", 10);
    await untilBlocked(base + 2);
    await ctx.admin.rpush("jobs", "job-1", "job-2");
    expect(await first).toEqual({ key: "jobs", element: "job-1" });
    expect(await second).toEqual({ key: "jobs", element: "job-2" });
  });

  it(
    "brpoplpush and blmove move an element at once, or when one is pushed, or time out",
    [SINGLE_SLOT_KEYS, BLOCKS_10_S],
    async () => {
      await ctx.admin.rpush("src", "a", "b");
      expect(await ctx.pool.brpoplpush("src", "dst", 1)).toBe("b");
      expect(await ctx.pool.blmove("src", "dst", "LEFT", "RIGHT", 1)).toBe("a");
      expect(await ctx.admin.lrange("dst", 0, -1)).toEqual(["b", "a"]);
      expect(await ctx.pool.brpoplpush("src", "dst", 0.05)).toBeNull();
      expect(await ctx.pool.blmove("src", "dst", "RIGHT", "LEFT", 0.05)).toBeNull();

      const base = await blockedClients();
      const moved = ctx.pool.blmove("src", "dst", "RIGHT", "LEFT", 10);
      await untilBlocked(base + 1);
      await ctx.admin.rpush("src", "c", "d");
      expect(await moved).toBe("d");
      const popped = ctx.pool.brpoplpush("other", "dst", 10);
      await untilBlocked(base + 1);
      await ctx.admin.rpush("other", "e");
      expect(await popped).toBe("e");
      expect(await ctx.admin.lrange("dst", 0, -1)).toEqual(["e", "d", "b", "a"]);
      expect(await ctx.admin.lrange("src", 0, -1)).toEqual(["c"]);
    },
  );

  it("blmpop pops at once, waits for a push, or times out", [SINGLE_SLOT_KEYS, BLOCKS_10_S], async () => {
    await ctx.admin.rpush("m", "1", "2", "3");
    expect(await ctx.pool.blmpop(1, ["none", "m"], "LEFT", 2)).toEqual({ key: "m", elements: ["1", "2"] });
    expect(await ctx.pool.blmpop(1, "m", "RIGHT")).toEqual({ key: "m", elements: ["3"] });
    expect(await ctx.pool.blmpop(0.05, ["none", "m"], "RIGHT")).toBeNull();

    const base = await blockedClients();
    const waiting = ctx.pool.blmpop(10, ["q1", "q2"], "RIGHT", 10);
    await untilBlocked(base + 1);
    await ctx.admin.rpush("q2", "a", "b", "c");
    expect(await waiting).toEqual({ key: "q2", elements: ["c", "b", "a"] });
    expect(await ctx.admin.exists("q2")).toBe(0);
  });

  it("list commands work in pipelines and transactions", SINGLE_SLOT_KEYS, async () => {
    const [pushed, moved, range] = await ctx.pool
      .multi()
      .rpush("t", "a", "b")
      .lmove("t", "u", "LEFT", "LEFT")
      .lrange("u", 0, -1)
      .exec();
    expect([pushed, moved, range]).toEqual([2, "a", ["a"]]);
    const results = await ctx.pool.pipeline().rpush("q", "job").blpop("q", 1).lpopCount("q", 1).exec();
    expect(results).toEqual([1, { key: "q", element: "job" }, null]);
  });

  it("bad arguments throw InvalidArgumentError and send nothing", async () => {
    await ctx.admin.rpush("src", "a", "b");
    const statsBefore = await listCommandStats();
    const base = await blockedClients();
    const bad: [string, () => Promise<unknown>][] = [
      ["lpush without elements", () => ctx.pool.lpush("new")],
      ["rpush without elements", () => ctx.pool.rpush("new")],
      ["lpushx without elements", () => ctx.pool.lpushx("src")],
      ["rpushx without elements", () => ctx.pool.rpushx("src")],
      ["rpush undefined", () => ctx.pool.rpush("new", undefined as never)],
      ["rpush NaN", () => ctx.pool.rpush("new", Number.NaN)],
      ["lrange fractional start", () => ctx.pool.lrange("src", 0.5, 1)],
      ["lrange string stop", () => ctx.pool.lrange("src", 0, "-1" as never)],
      ["lindex NaN", () => ctx.pool.lindex("src", Number.NaN)],
      ["lindexBytes Infinity", () => ctx.pool.lindexBytes("src", Number.POSITIVE_INFINITY)],
      ["lset fractional index", () => ctx.pool.lset("src", 1.5, "x")],
      ["lrem fractional count", () => ctx.pool.lrem("src", 0.5, "a")],
      ["ltrim Infinity stop", () => ctx.pool.ltrim("src", 0, Number.POSITIVE_INFINITY)],
      ["linsert bad position", () => ctx.pool.linsert("src", "MIDDLE" as never, "a", "x")],
      ["lpopCount negative", () => ctx.pool.lpopCount("src", -1)],
      ["rpopCount fractional", () => ctx.pool.rpopCount("src", 1.5)],
      ["lpos rank 0", () => ctx.pool.lpos("src", "a", { rank: 0 })],
      ["lpos negative maxlen", () => ctx.pool.lpos("src", "a", { maxlen: -1 })],
      ["lpos options not an object", () => ctx.pool.lpos("src", "a", 2 as never)],
      ["lposCount negative count", () => ctx.pool.lposCount("src", "a", -1)],
      ["lmove bad direction", () => ctx.pool.lmove("src", "dst", "UP" as never, "LEFT")],
      ["lmove lower-case direction", () => ctx.pool.lmove("src", "dst", "LEFT", "right" as never)],
      ["lmpop without keys", () => ctx.pool.lmpop([], "LEFT")],
      ["lmpop count 0", () => ctx.pool.lmpop(["src"], "LEFT", 0)],
      ["lmpop bad direction", () => ctx.pool.lmpop(["src"], "MIDDLE" as never)],
      ["blpop negative timeout", () => ctx.pool.blpop("src", -1)],
      ["blpop NaN timeout", () => ctx.pool.blpop("src", Number.NaN)],
      ["blpop Infinity timeout", () => ctx.pool.blpop("src", Number.POSITIVE_INFINITY)],
      ["blpop string timeout", () => ctx.pool.blpop("src", "1" as never)],
      ["blpop without keys", () => ctx.pool.blpop([], 1)],
      ["brpop negative fractional timeout", () => ctx.pool.brpop("src", -0.5)],
      ["brpoplpush NaN timeout", () => ctx.pool.brpoplpush("src", "dst", Number.NaN)],
      ["blmove negative timeout", () => ctx.pool.blmove("src", "dst", "LEFT", "LEFT", -1)],
      ["blmove bad direction", () => ctx.pool.blmove("src", "dst", "LEFT", "DOWN" as never, 1)],
      ["blmpop negative timeout", () => ctx.pool.blmpop(-1, ["src"], "LEFT")],
      ["blmpop without keys", () => ctx.pool.blmpop(1, [], "LEFT")],
      ["blmpop bad direction", () => ctx.pool.blmpop(1, ["src"], "UP" as never)],
      ["blmpop count 0", () => ctx.pool.blmpop(1, ["src"], "LEFT", 0)],
    ];
    for (const [name, run] of bad) {
      const error = await run().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, name).toBeInstanceOf(InvalidArgumentError);
    }
    expect(() => ctx.pool.pipeline().blpop("src", -1)).toThrow(InvalidArgumentError);
    expect(() => ctx.pool.multi().lpush("new")).toThrow(InvalidArgumentError);
    // Checked first: the admin LRANGE below counts in the stats too.
    expect(await listCommandStats()).toEqual(statsBefore);
    expect(await blockedClients()).toBe(base);
    expect(await ctx.admin.lrange("src", 0, -1)).toEqual(["a", "b"]);
    expect(await ctx.admin.keys("*")).toEqual(["src"]);
  });

  it("a wrong type gives ReplyError with prefix WRONGTYPE", SINGLE_SLOT_KEYS, async () => {
    await ctx.admin.set("s", "string");
    await ctx.admin.rpush("l", "a");
    const error = await ctx.pool.lpush("s", "x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplyError);
    expect((error as ReplyError).prefix).toBe("WRONGTYPE");
    const wrongType = { code: "REPLY_ERROR", prefix: "WRONGTYPE" };
    await expect(ctx.pool.lrange("s", 0, -1)).rejects.toMatchObject(wrongType);
    await expect(ctx.pool.lpopCount("s", 2)).rejects.toMatchObject(wrongType);
    await expect(ctx.pool.blpop("s", 1)).rejects.toMatchObject(wrongType);
    await expect(ctx.pool.blmpop(1, "s", "LEFT")).rejects.toMatchObject(wrongType);
    await expect(ctx.pool.lmove("l", "s", "LEFT", "RIGHT")).rejects.toMatchObject(wrongType);
    expect(await ctx.admin.get("s")).toBe("string");
    expect(await ctx.admin.lrange("l", 0, -1)).toEqual(["a"]);
  });
};
