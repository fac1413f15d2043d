import { InvalidArgumentError, ReplyError } from "@beeredis/core";
import { expect } from "vitest";
import type { Cases } from "./context.js";

const EVERY_BYTE = Uint8Array.from({ length: 256 }, (_, i) => i);

export const hashesCases: Cases = (ctx, it) => {
  it("hset with a record or pairs, hget, hgetall and hlen", async () => {
    expect(await ctx.pool.hset("h", { name: "Ada", visits: 1 })).toBe(2);
    expect(
      await ctx.pool.hset("h", [
        ["name", "Grace"],
        ["city", "Arlington"],
      ]),
    ).toBe(1);
    expect(await ctx.pool.hget("h", "name")).toBe("Grace");
    expect(await ctx.pool.hget("h", "missing")).toBeNull();
    expect(await ctx.pool.hget("missing", "name")).toBeNull();
    expect(await ctx.pool.hgetall("h")).toEqual({ name: "Grace", visits: "1", city: "Arlington" });
    expect(await ctx.admin.hgetall("h")).toEqual({ name: "Grace", visits: "1", city: "Arlington" });
    expect(await ctx.pool.hlen("h")).toBe(3);
    expect(await ctx.pool.hlen("missing")).toBe(0);
    expect(await ctx.pool.hgetall("missing")).toEqual({});
  });

  it("hgetall keeps a field named __proto__ as data", async () => {
    await ctx.admin.hset("h", "__proto__", "p", "a", "1");
    const all = await ctx.pool.hgetall("h");
    expect(Object.keys(all).sort()).toEqual(["__proto__", "a"]);
    expect(Object.getPrototypeOf(all)).toBe(Object.prototype);
    const bytes = await ctx.pool.hgetallBytes("h");
    expect(Object.keys(bytes).sort()).toEqual(["__proto__", "a"]);
  });

  it("hsetnx, hmset, hmget, hexists and hdel", async () => {
    expect(await ctx.pool.hsetnx("h", "a", "1")).toBe(true);
    expect(await ctx.pool.hsetnx("h", "a", "2")).toBe(false);
    expect(await ctx.pool.hmset("h", { b: "2", c: 3 })).toBe("OK");
    expect(await ctx.pool.hmset("h", [["d", "4"]])).toBe("OK");
    expect(await ctx.pool.hmget("h", "a", "missing", "c", "d")).toEqual(["1", null, "3", "4"]);
    expect(await ctx.pool.hmget("missing", "a")).toEqual([null]);
    expect(await ctx.pool.hexists("h", "b")).toBe(true);
    expect(await ctx.pool.hexists("h", "zz")).toBe(false);
    expect(await ctx.pool.hdel("h", "a", "b", "missing")).toBe(2);
    expect(await ctx.admin.hkeys("h")).toEqual(["c", "d"]);
    expect(await ctx.pool.hdel("h", "c", "d")).toBe(2);
    expect(await ctx.admin.exists("h")).toBe(0);
  });

  it("hincrby and hincrbyfloat, exact beyond 2^53", async () => {
    expect(await ctx.pool.hincrby("h", "n", 5)).toBe(5);
    expect(await ctx.pool.hincrby("h", "n", -7)).toBe(-2);
    expect(await ctx.pool.hincrby("h", "big", 9007199254740993n)).toBe(9007199254740993n);
    expect(await ctx.pool.hincrby("h", "big", 1)).toBe(9007199254740994n);
    expect(await ctx.admin.hget("h", "big")).toBe("9007199254740994");
    expect(await ctx.pool.hincrbyfloat("h", "f", 1.25)).toBe(1.25);
    expect(await ctx.pool.hincrbyfloat("h", "f", -0.5)).toBe(0.75);
    expect(await ctx.admin.hget("h", "f")).toBe("0.75");
    await ctx.admin.hset("h", "text", "abc");
    await expect(ctx.pool.hincrby("h", "text", 1)).rejects.toBeInstanceOf(ReplyError);
  });

  it("hkeys, hvals and hstrlen", async () => {
    await ctx.admin.hset("h", "a", "one", "b", "zażółć");
    expect((await ctx.pool.hkeys("h")).sort()).toEqual(["a", "b"]);
    expect((await ctx.pool.hvals("h")).sort()).toEqual(["one", "zażółć"]);
    expect(await ctx.pool.hstrlen("h", "a")).toBe(3);
    expect(await ctx.pool.hstrlen("h", "b")).toBe(new TextEncoder().encode("zażółć").length);
    expect(await ctx.pool.hstrlen("h", "missing")).toBe(0);
    expect(await ctx.pool.hkeys("missing")).toEqual([]);
    expect(await ctx.pool.hvals("missing")).toEqual([]);
  });

  it("hrandfield, hrandfieldCount and hrandfieldWithValues", async () => {
    expect(await ctx.pool.hrandfield("missing")).toBeNull();
    expect(await ctx.pool.hrandfieldCount("missing", 3)).toEqual([]);
    expect(await ctx.pool.hrandfieldWithValues("missing", 3)).toEqual([]);
    const stored: Record<string, string> = { a: "1", b: "2", c: "3" };
    await ctx.admin.hset("h", stored);
    expect(Object.keys(stored)).toContain(await ctx.pool.hrandfield("h"));
    const distinct = await ctx.pool.hrandfieldCount("h", 10);
    expect(distinct.sort()).toEqual(["a", "b", "c"]);
    const two = await ctx.pool.hrandfieldCount("h", 2);
    expect(new Set(two).size).toBe(2);
    const repeated = await ctx.pool.hrandfieldCount("h", -7);
    expect(repeated).toHaveLength(7);
    for (const field of repeated) expect(Object.keys(stored)).toContain(field);
    const pairs = await ctx.pool.hrandfieldWithValues("h", 5);
    expect(pairs.map(([field]) => field).sort()).toEqual(["a", "b", "c"]);
    for (const [field, value] of pairs) expect(value).toBe(stored[field]);
    const repeatedPairs = await ctx.pool.hrandfieldWithValues("h", -6);
    expect(repeatedPairs).toHaveLength(6);
    for (const [field, value] of repeatedPairs) expect(value).toBe(stored[field]);
    expect(await ctx.pool.hrandfieldCount("h", 0)).toEqual([]);
  });

  it("hscan pages through every field and value", async () => {
    const stored: Record<string, string> = {};
    for (let i = 0; i < 1000; i++) stored[`f:${i}`] = `v${i}`;
    stored.other = "x";
    await ctx.admin.hset("h", stored);
    const seen: Record<string, string> = {};
    let cursor = "0";
    let pages = 0;
    do {
      const page = await ctx.pool.hscan("h", cursor, { match: "f:*", count: 20 });
      expect(typeof page.cursor).toBe("string");
      for (const [field, value] of page.items) seen[field] = value;
      cursor = page.cursor;
      pages++;
    } while (cursor !== "0");
    expect(pages).toBeGreaterThan(1);
    const { other: _, ...expected } = stored;
    expect(seen).toEqual(expected);
    await ctx.admin.hset("small", "a", "1");
    expect(await ctx.pool.hscan("small", 0)).toEqual({ cursor: "0", items: [["a", "1"]] });
    expect(await ctx.pool.hscan("missing", 0)).toEqual({ cursor: "0", items: [] });
  });

  it("hgetBytes and hgetallBytes return the stored bytes exactly", async () => {
    expect(
      await ctx.pool.hset("h", [
        ["bin", EVERY_BYTE],
        ["text", "t"],
      ]),
    ).toBe(2);
    const raw = await ctx.admin.hgetBuffer("h", "bin");
    expect(Array.from(raw!)).toEqual(Array.from(EVERY_BYTE));
    const back = await ctx.pool.hgetBytes("h", "bin");
    expect(back).toBeInstanceOf(Uint8Array);
    expect(Array.from(back!)).toEqual(Array.from(EVERY_BYTE));
    expect(await ctx.pool.hgetBytes("h", "missing")).toBeNull();
    const all = await ctx.pool.hgetallBytes("h");
    expect(Object.keys(all).sort()).toEqual(["bin", "text"]);
    expect(Array.from(all.bin!)).toEqual(Array.from(EVERY_BYTE));
    expect(new TextDecoder().decode(all.text)).toBe("t");
    expect(await ctx.pool.hgetallBytes("missing")).toEqual({});
    const binaryField = Uint8Array.from([0, 255, 10]);
    expect(await ctx.pool.hsetnx("h", binaryField, "v")).toBe(true);
    expect(await ctx.pool.hget("h", binaryField)).toBe("v");
  });

  it("bad arguments throw InvalidArgumentError before anything is sent", async () => {
    const rejects = (promise: Promise<unknown>) =>
      expect(promise).rejects.toBeInstanceOf(InvalidArgumentError);
    await rejects(ctx.pool.hset("h", {}));
    await rejects(ctx.pool.hset("h", []));
    await rejects(ctx.pool.hset("h", "field" as never));
    await rejects(ctx.pool.hset("h", null as never));
    await rejects(ctx.pool.hset("h", [["only-field"]] as never));
    await rejects(ctx.pool.hset("h", [["f", "v", "extra"]] as never));
    await rejects(ctx.pool.hset("h", { f: undefined } as never));
    await rejects(ctx.pool.hmset("h", {}));
    await rejects(ctx.pool.hsetnx("h", "f", null as never));
    await rejects(ctx.pool.hincrby("h", "n", 1.5));
    await rejects(ctx.pool.hincrby("h", "n", "1" as never));
    await rejects(ctx.pool.hincrbyfloat("h", "f", Number.NaN));
    await rejects(ctx.pool.hincrbyfloat("h", "f", Number.POSITIVE_INFINITY));
    await rejects(ctx.pool.hmget("h"));
    await rejects(ctx.pool.hdel("h"));
    await rejects(ctx.pool.hrandfieldCount("h", 1.5));
    await rejects(ctx.pool.hrandfieldWithValues("h", Number.NaN));
    await rejects(ctx.pool.hscan("h", "not-a-cursor"));
    await rejects(ctx.pool.hscan("h", 0, { count: 0 }));
    expect(await ctx.admin.exists("h")).toBe(0);
    expect(await ctx.admin.dbsize()).toBe(0);
  });

  it("a wrong type gives ReplyError with prefix WRONGTYPE", async () => {
    await ctx.admin.set("s", "v");
    const error = await ctx.pool.hget("s", "f").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplyError);
    expect((error as ReplyError).prefix).toBe("WRONGTYPE");
    await expect(ctx.pool.hset("s", { f: "v" })).rejects.toMatchObject({
      prefix: "WRONGTYPE",
      code: "REPLY_ERROR",
    });
    await expect(ctx.pool.hgetall("s")).rejects.toMatchObject({ prefix: "WRONGTYPE" });
    expect(await ctx.admin.get("s")).toBe("v");
  });

  it("hash commands record in a transaction with their decoded results", async () => {
    const [added, value, all] = await ctx.pool
      .multi()
      .hset("h", { a: "1" })
      .hincrby("h", "a", 2)
      .hgetall("h")
      .exec();
    expect(added).toBe(1);
    expect(value).toBe(3);
    expect(all).toEqual({ a: "3" });
  });
};
