import { InvalidArgumentError, ReplyError } from "@beeredis/core";
import { expect } from "vitest";
import type { Cases } from "../context.js";
import { SINGLE_SLOT_KEYS } from "../needs.js";
import { waitFor } from "../pubsub/helpers.js";

const ID = /^\d+-\d+$/;

export const streamWriteReadCases: Cases = (ctx, it) => {
  it("xadd with generated and explicit IDs, fields as a record or pairs; xlen", async () => {
    const generated = await ctx.pool.xadd("s", { name: "Ada", visits: 1 });
    expect(generated).toMatch(ID);
    expect(await ctx.pool.xadd("s", [["b", "2"]], { id: "99999999999999-5" })).toBe("99999999999999-5");
    expect(
      await ctx.pool.xadd("s", { c: new TextEncoder().encode("bytes ✓") }, { id: "99999999999999-*" }),
    ).toBe("99999999999999-6");
    expect(await ctx.pool.xlen("s")).toBe(3);
    expect(await ctx.pool.xlen("missing")).toBe(0);
    expect(await ctx.admin.xrange("s", "-", "+")).toEqual([
      [generated, ["name", "Ada", "visits", "1"]],
      ["99999999999999-5", ["b", "2"]],
      ["99999999999999-6", ["c", "bytes ✓"]],
    ]);
  });

  it("xadd with nomkstream on a missing stream adds nothing and resolves to null", async () => {
    expect(await ctx.pool.xadd("missing", { a: 1 }, { nomkstream: true })).toBeNull();
    expect(await ctx.admin.exists("missing")).toBe(0);
    await ctx.admin.xadd("s", "1-1", "a", "1");
    expect(await ctx.pool.xadd("s", { a: 2 }, { nomkstream: true, id: "2-1" })).toBe("2-1");
  });

  it("xadd trims with maxlen or minid in the same call; xtrim, exact and approximate with limit", async () => {
    for (let i = 1; i <= 5; i++) await ctx.pool.xadd("s", { i }, { id: `${i}-0` });
    expect(await ctx.pool.xadd("s", { i: 6 }, { id: "6-0", maxlen: 3 })).toBe("6-0");
    expect(await ctx.admin.xlen("s")).toBe(3);
    await ctx.pool.xadd("s", { i: 7 }, { id: "7-0", minid: "6-0" });
    expect((await ctx.admin.xrange("s", "-", "+")).map(([id]) => id)).toEqual(["6-0", "7-0"]);
    expect(await ctx.pool.xtrim("s", { maxlen: 1 })).toBe(1);
    expect(await ctx.pool.xtrim("s", { minid: "8" })).toBe(1);
    expect(await ctx.admin.xlen("s")).toBe(0);
    // Approximate trimming only evicts whole radix-tree nodes (100 entries by default).
    for (let i = 1; i <= 250; i++) await ctx.admin.xadd("big", `${i}-0`, "i", String(i));
    expect(await ctx.pool.xtrim("big", { maxlen: 0, approximate: true, limit: 100 })).toBe(100);
    expect(await ctx.pool.xtrim("big", { minid: "201", approximate: true })).toBe(100);
    expect(await ctx.admin.xlen("big")).toBe(50);
    expect(await ctx.pool.xadd("big", { i: 251 }, { id: "251-0", maxlen: 10, approximate: true })).toBe(
      "251-0",
    );
    expect(await ctx.pool.xtrim("missing", { maxlen: 0 })).toBe(0);
  });

  it("xrange and xrevrange with bounds, count and exclusive IDs; byte variants", async () => {
    await ctx.admin.xadd("s", "1-0", "a", "1", "b", "2");
    await ctx.admin.xadd("s", "2-0", "a", "2");
    await ctx.admin.xadd("s", "3-0", "bin", Buffer.from([0, 1, 255]));
    expect(await ctx.pool.xrange("s")).toEqual([
      { id: "1-0", fields: { a: "1", b: "2" } },
      { id: "2-0", fields: { a: "2" } },
      { id: "3-0", fields: { bin: "\u0000\u0001\ufffd" } },
    ]);
    expect(await ctx.pool.xrange("s", "(1-0", "+", { count: 1 })).toEqual([
      { id: "2-0", fields: { a: "2" } },
    ]);
    expect(await ctx.pool.xrange("s", "2", "2")).toEqual([{ id: "2-0", fields: { a: "2" } }]);
    expect((await ctx.pool.xrevrange("s")).map((e) => e.id)).toEqual(["3-0", "2-0", "1-0"]);
    expect(await ctx.pool.xrevrange("s", "+", "-", { count: 1 })).toEqual([
      { id: "3-0", fields: { bin: "\u0000\u0001\ufffd" } },
    ]);
    expect((await ctx.pool.xrevrange("s", "(3-0", "1-0")).map((e) => e.id)).toEqual(["2-0", "1-0"]);
    const [bytes] = await ctx.pool.xrangeBytes("s", "3-0", "3-0");
    expect(bytes!.fields.bin).toEqual(new Uint8Array([0, 1, 255]));
    const [last] = await ctx.pool.xrevrangeBytes("s", "+", "-", { count: 1 });
    expect(Array.from(last!.fields.bin!)).toEqual([0, 1, 255]);
    expect(await ctx.pool.xrange("missing")).toEqual([]);
  });

  it("a field named __proto__ is kept as data", async () => {
    await ctx.admin.xadd("s", "1-0", "__proto__", "x");
    const [entry] = await ctx.pool.xrange("s");
    expect(Object.keys(entry!.fields)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(entry!.fields)).toBe(Object.prototype);
  });

  it("xdel removes entries by ID", async () => {
    await ctx.admin.xadd("s", "1-0", "a", "1");
    await ctx.admin.xadd("s", "2-0", "a", "2");
    expect(await ctx.pool.xdel("s", "1-0", "5-0")).toBe(1);
    expect(await ctx.pool.xdel("missing", "1-0")).toBe(0);
    expect(await ctx.admin.xlen("s")).toBe(1);
  });

  it("xsetid moves the last ID, with entriesAdded and maxDeletedId", async () => {
    await ctx.admin.xadd("s", "5-0", "a", "1");
    expect(await ctx.pool.xsetid("s", "10-0")).toBe("OK");
    expect(await ctx.pool.xsetid("s", "20-0", { entriesAdded: 7, maxDeletedId: "3-0" })).toBe("OK");
    const info = await ctx.pool.xinfoStream("s");
    expect(info).toMatchObject({ lastGeneratedId: "20-0", entriesAdded: 7, maxDeletedEntryId: "3-0" });
    await expect(ctx.pool.xsetid("s", "1-0")).rejects.toBeInstanceOf(ReplyError);
  });

  it("xread returns the entries after each ID per stream, or null", SINGLE_SLOT_KEYS, async () => {
    await ctx.admin.xadd("a", "1-0", "f", "a1");
    await ctx.admin.xadd("a", "2-0", "f", "a2");
    await ctx.admin.xadd("b", "1-0", "f", "b1");
    expect(await ctx.pool.xread({ a: "0", b: "1-0", missing: "0" })).toEqual([
      {
        stream: "a",
        entries: [
          { id: "1-0", fields: { f: "a1" } },
          { id: "2-0", fields: { f: "a2" } },
        ],
      },
    ]);
    expect(
      await ctx.pool.xread(
        [
          ["a", "1-0"],
          ["b", "0-0"],
        ],
        { count: 1 },
      ),
    ).toEqual([
      { stream: "a", entries: [{ id: "2-0", fields: { f: "a2" } }] },
      { stream: "b", entries: [{ id: "1-0", fields: { f: "b1" } }] },
    ]);
    expect(await ctx.pool.xread({ a: "$" })).toBeNull();
    expect(await ctx.pool.xread({ a: "2-0" }, { block: 10 })).toBeNull();
    const bytes = await ctx.pool.xreadBytes({ b: "0" });
    expect(bytes![0]!.entries[0]!.fields.f).toEqual(new TextEncoder().encode("b1"));
  });

  it("xread with block waits on a dedicated connection: other commands go on, and an xadd wakes it", async () => {
    await ctx.admin.set("k", "v");
    let settled = false;
    const read = ctx.pool.xread({ s: "$" }, { block: 3000 }).finally(() => {
      settled = true;
    });
    await waitFor("the XREAD to block", async () =>
      /blocked_clients:1\b/.test(await ctx.admin.info("clients")),
    );
    // Were XREAD on the shared connection, this GET would wait behind it.
    expect(await ctx.pool.get("k")).toBe("v");
    expect(await ctx.pool.xlen("s")).toBe(0);
    expect(settled).toBe(false);
    const id = await ctx.admin.xadd("s", "*", "woke", "up");
    expect(await read).toEqual([{ stream: "s", entries: [{ id, fields: { woke: "up" } }] }]);
  });

  it("a wrong type gives ReplyError with prefix WRONGTYPE", async () => {
    await ctx.admin.set("str", "x");
    for (const call of [
      () => ctx.pool.xadd("str", { a: 1 }),
      () => ctx.pool.xrange("str"),
      () => ctx.pool.xlen("str"),
      () => ctx.pool.xread({ str: "0" }),
      () => ctx.pool.xgroupCreate("str", "g"),
      () => ctx.pool.xinfoStream("str"),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReplyError);
      expect((error as ReplyError).prefix).toBe("WRONGTYPE");
    }
  });

  it("bad input rejects with InvalidArgumentError and writes nothing", async () => {
    const bad: (() => Promise<unknown>)[] = [
      () => ctx.pool.xadd("s", {}),
      () => ctx.pool.xadd("s", [["only-field"]] as never),
      () => ctx.pool.xadd("s", { a: 1 }, { id: "not-an-id" }),
      () => ctx.pool.xadd("s", { a: 1 }, { maxlen: 5, minid: "1" }),
      () => ctx.pool.xadd("s", { a: 1 }, { maxlen: -1 }),
      () => ctx.pool.xadd("s", { a: 1 }, { maxlen: 5, limit: 10 }),
      () => ctx.pool.xadd("s", { a: 1 }, { approximate: true }),
      () => ctx.pool.xadd("s", { a: undefined as never }),
      () => ctx.pool.xtrim("s", {}),
      () => ctx.pool.xrange("s", "abc"),
      () => ctx.pool.xrange("s", "-", "+", { count: 1.5 }),
      () => ctx.pool.xdel("s"),
      () => ctx.pool.xread({}),
      () => ctx.pool.xread({ s: ">" }),
      () => ctx.pool.xread({ s: "0" }, { block: -1 }),
      () => ctx.pool.xread({ s: "0" }, { count: 0 }),
      () => ctx.pool.xsetid("s", "$"),
    ];
    for (const call of bad) await expect(call()).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(() => ctx.pool.pipeline().xadd("s", {})).toThrow(InvalidArgumentError);
    expect(await ctx.admin.exists("s")).toBe(0);
  });
};
