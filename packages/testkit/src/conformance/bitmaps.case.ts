import { InvalidArgumentError, ReplyError } from "@beeredis/core";
import { expect } from "vitest";
import type { Cases } from "./context.js";
import { SINGLE_SLOT_KEYS } from "./needs.js";

export const bitmapCases: Cases = (ctx, it) => {
  it("setbit and getbit", async () => {
    expect(await ctx.pool.setbit("b", 7, 1)).toBe(0);
    expect(await ctx.pool.setbit("b", 7, 1)).toBe(1);
    expect(await ctx.pool.getbit("b", 7)).toBe(1);
    expect(await ctx.pool.getbit("b", 0)).toBe(0);
    expect(await ctx.pool.getbit("b", 1000)).toBe(0);
    expect(await ctx.pool.getbit("missing", 3)).toBe(0);
    expect(await ctx.admin.get("b")).toBe("\x01");
    expect(await ctx.pool.setbit("b", 7, 0)).toBe(1);
    expect(await ctx.pool.getbit("b", 7)).toBe(0);
  });

  it("bitcount over the whole string, a byte range and a bit range", async () => {
    await ctx.admin.set("s", "foobar");
    expect(await ctx.pool.bitcount("s")).toBe(26);
    expect(await ctx.pool.bitcount("s", { start: 0, end: 0 })).toBe(4);
    expect(await ctx.pool.bitcount("s", { start: 1, end: 1, unit: "BYTE" })).toBe(6);
    expect(await ctx.pool.bitcount("s", { start: 5, end: 30, unit: "BIT" })).toBe(17);
    expect(await ctx.pool.bitcount("s", { start: -1, end: -1 })).toBe(4);
    expect(await ctx.pool.bitcount("missing")).toBe(0);
  });

  it("bitpos finds the first set or clear bit, with byte and bit ranges", async () => {
    await ctx.admin.set("s", Buffer.from([0xff, 0xf0, 0x00]));
    expect(await ctx.pool.bitpos("s", 0)).toBe(12);
    expect(await ctx.pool.bitpos("s", 1, { start: 2 })).toBe(-1);
    expect(await ctx.pool.bitpos("s", 1, { start: 1, end: -1 })).toBe(8);
    expect(await ctx.pool.bitpos("s", 0, { start: 7, end: 15, unit: "BIT" })).toBe(12);
    await ctx.admin.set("ones", Buffer.from([0xff]));
    expect(await ctx.pool.bitpos("ones", 0)).toBe(8);
    expect(await ctx.pool.bitpos("missing", 1)).toBe(-1);
  });

  it("bitop AND, OR, XOR and NOT store the result and return its length", SINGLE_SLOT_KEYS, async () => {
    await ctx.admin.set("a", Buffer.from([0b1100]));
    await ctx.admin.set("b", Buffer.from([0b1010, 0xff]));
    expect(await ctx.pool.bitop("AND", "and", "a", "b")).toBe(2);
    expect([...(await ctx.admin.getBuffer("and"))!]).toEqual([0b1000, 0]);
    expect(await ctx.pool.bitop("OR", "or", "a", "b")).toBe(2);
    expect([...(await ctx.admin.getBuffer("or"))!]).toEqual([0b1110, 0xff]);
    expect(await ctx.pool.bitop("XOR", "xor", "a", "b")).toBe(2);
    expect([...(await ctx.admin.getBuffer("xor"))!]).toEqual([0b0110, 0xff]);
    expect(await ctx.pool.bitop("NOT", "not", "a")).toBe(1);
    expect([...(await ctx.admin.getBuffer("not"))!]).toEqual([0b11110011]);
  });

  it("bitfield GET, SET, INCRBY and OVERFLOW in one call", async () => {
    const results = await ctx.pool.bitfield("bf", [
      { op: "SET", type: "u8", offset: 0, value: 200 },
      { op: "GET", type: "u8", offset: 0 },
      { op: "INCRBY", type: "u8", offset: 0, increment: 100 },
      { op: "OVERFLOW", behavior: "SAT" },
      { op: "INCRBY", type: "u8", offset: "#0", increment: 1000 },
      { op: "OVERFLOW", behavior: "FAIL" },
      { op: "INCRBY", type: "u8", offset: "#0", increment: 1 },
      { op: "SET", type: "i16", offset: "#1", value: -5 },
      { op: "GET", type: "i16", offset: 16 },
    ]);
    expect(results).toEqual([0, 200, 44, 255, null, 0, -5]);
    expect(await ctx.pool.bitfield("bf", [])).toEqual([]);
  });

  it("bitfield i64 values beyond 2^53 come back exactly, as bigint", async () => {
    const big = 9007199254740993n;
    expect(await ctx.pool.bitfield("bf", [{ op: "SET", type: "i64", offset: 0, value: big }])).toEqual([0]);
    expect(await ctx.pool.bitfield("bf", [{ op: "GET", type: "i64", offset: 0 }])).toEqual([big]);
    expect(await ctx.pool.bitfieldRo("bf", [{ op: "GET", type: "i64", offset: 0 }])).toEqual([big]);
  });

  it("bitfieldRo reads fields", async () => {
    await ctx.admin.set("bf", Buffer.from([0x01, 0x02]));
    expect(
      await ctx.pool.bitfieldRo("bf", [
        { op: "GET", type: "u8", offset: 0 },
        { op: "GET", type: "u8", offset: "#1" },
        { op: "GET", type: "i4", offset: 12 },
      ]),
    ).toEqual([1, 2, 2]);
    expect(await ctx.pool.bitfieldRo("missing", [{ op: "GET", type: "u8", offset: 0 }])).toEqual([0]);
  });

  it("bad input rejects with InvalidArgumentError before sending", async () => {
    const bad: (() => Promise<unknown>)[] = [
      () => ctx.pool.setbit("k", 0, 2 as never),
      () => ctx.pool.setbit("k", -1, 1),
      () => ctx.pool.getbit("k", 1.5),
      () => ctx.pool.bitcount("k", { start: 0, end: 1, unit: "WORD" as never }),
      () => ctx.pool.bitpos("k", 1, { start: 0, unit: "BIT" }),
      () => ctx.pool.bitop("NAND" as never, "d", "a"),
      () => ctx.pool.bitop("NOT", "d", "a", "b"),
      () => ctx.pool.bitop("AND", "d"),
      () => ctx.pool.bitfield("k", [{ op: "GET", type: "u64" as never, offset: 0 }]),
      () => ctx.pool.bitfield("k", [{ op: "GET", type: "i65" as never, offset: 0 }]),
      () => ctx.pool.bitfield("k", [{ op: "GET", type: "u8", offset: "#x" as never }]),
      () => ctx.pool.bitfield("k", [{ op: "SET", type: "u8", offset: 0, value: 1.5 }]),
      () => ctx.pool.bitfield("k", [{ op: "OVERFLOW", behavior: "CLAMP" as never }]),
      () => ctx.pool.bitfield("k", [{ op: "DEL" } as never]),
      () => ctx.pool.bitfieldRo("k", [{ op: "SET", type: "u8", offset: 0, value: 1 } as never]),
    ];
    for (const call of bad) await expect(call()).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(await ctx.admin.exists("k", "d")).toBe(0);
  });

  it("a wrong type gives ReplyError with prefix WRONGTYPE", async () => {
    await ctx.admin.lpush("list", "x");
    const error = await ctx.pool.setbit("list", 0, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplyError);
    expect((error as ReplyError).prefix).toBe("WRONGTYPE");
    await expect(ctx.pool.bitcount("list")).rejects.toMatchObject({ prefix: "WRONGTYPE" });
    await expect(ctx.pool.bitfield("list", [{ op: "GET", type: "u8", offset: 0 }])).rejects.toMatchObject({
      prefix: "WRONGTYPE",
    });
  });
};
