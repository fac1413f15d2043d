import { InvalidArgumentError, ReplyError } from "@beeredis/core";
import { expect } from "vitest";
import type { Cases } from "./context.js";
import { SINGLE_SLOT_KEYS } from "./needs.js";

export const stringCases: Cases = (ctx, it) => {
  it("set and get, with the seed's TTL in seconds", async () => {
    expect(await ctx.pool.set("my-key", "some-value", 30)).toBe("OK");
    expect(await ctx.pool.get("my-key")).toBe("some-value");
    expect(await ctx.admin.ttl("my-key")).toBeGreaterThan(25);
    expect(await ctx.pool.get("missing")).toBeNull();
  });

  it("set options: nx, xx, px, keepTtl and get", async () => {
    expect(await ctx.pool.set("k", "1", { nx: true })).toBe("OK");
    expect(await ctx.pool.set("k", "2", { nx: true })).toBeNull();
    expect(await ctx.pool.set("absent", "2", { xx: true })).toBeNull();
    expect(await ctx.pool.set("k", "3", { px: 60_000, get: true })).toBe("1");
    expect(await ctx.admin.pttl("k")).toBeGreaterThan(50_000);
    await ctx.pool.set("k", "4", { keepTtl: true });
    expect(await ctx.admin.pttl("k")).toBeGreaterThan(50_000);
    await ctx.pool.set("k", "5", { ex: 100 });
    expect(await ctx.admin.ttl("k")).toBeGreaterThan(90);
    await ctx.pool.set("k", "6", { exat: Math.floor(Date.now() / 1000) + 200 });
    expect(await ctx.admin.ttl("k")).toBeGreaterThan(150);
    await ctx.pool.set("k", "7", { pxat: Date.now() + 300_000 });
    expect(await ctx.admin.ttl("k")).toBeGreaterThan(250);
  });

  it("set rejects bad TTLs and conflicting options before sending", async () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(ctx.pool.set("k", "v", bad)).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    await expect(ctx.pool.set("k", "v", { nx: true, xx: true })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(ctx.pool.set("k", "v", { ex: 1, px: 1000 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(ctx.pool.set("k", "v", { ex: 1.5 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(ctx.pool.set("k", undefined as never)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(await ctx.admin.exists("k")).toBe(0);
  });

  it("a fractional ttlSeconds is kept in milliseconds", async () => {
    await ctx.pool.set("k", "v", 1.5);
    const pttl = await ctx.admin.pttl("k");
    expect(pttl).toBeGreaterThan(1000);
    expect(pttl).toBeLessThanOrEqual(1500);
  });

  it("getex and getdel", async () => {
    await ctx.admin.set("k", "v");
    expect(await ctx.pool.getex("k", { ex: 100 })).toBe("v");
    expect(await ctx.admin.ttl("k")).toBeGreaterThan(90);
    expect(await ctx.pool.getex("k", { persist: true })).toBe("v");
    expect(await ctx.admin.ttl("k")).toBe(-1);
    expect(await ctx.pool.getex("k")).toBe("v");
    await expect(ctx.pool.getex("k", { ex: 1, persist: true })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(await ctx.pool.getdel("k")).toBe("v");
    expect(await ctx.pool.getdel("k")).toBeNull();
  });

  it("mget, mset and msetnx", SINGLE_SLOT_KEYS, async () => {
    expect(await ctx.pool.mset({ a: "1", b: "2" })).toBe("OK");
    expect(await ctx.pool.mset([["c", 3]])).toBe("OK");
    expect(await ctx.pool.mget("a", "b", "c", "missing")).toEqual(["1", "2", "3", null]);
    expect(await ctx.pool.msetnx({ a: "x", z: "y" })).toBe(false);
    expect(await ctx.pool.msetnx({ y: "x", z: "y" })).toBe(true);
    await expect(ctx.pool.mget()).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(ctx.pool.mset({})).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it("setnx, setex and psetex", async () => {
    expect(await ctx.pool.setnx("k", "1")).toBe(true);
    expect(await ctx.pool.setnx("k", "2")).toBe(false);
    expect(await ctx.pool.setex("e", 100, "v")).toBe("OK");
    expect(await ctx.admin.ttl("e")).toBeGreaterThan(90);
    expect(await ctx.pool.psetex("p", 100_000, "v")).toBe("OK");
    expect(await ctx.admin.pttl("p")).toBeGreaterThan(90_000);
    await expect(ctx.pool.setex("e", 0, "v")).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it("incr, incrby, incrbyfloat, decr and decrby", async () => {
    expect(await ctx.pool.incr("n")).toBe(1);
    expect(await ctx.pool.incrby("n", 10)).toBe(11);
    expect(await ctx.pool.decr("n")).toBe(10);
    expect(await ctx.pool.decrby("n", 4)).toBe(6);
    expect(await ctx.pool.incrbyfloat("f", 1.25)).toBe(1.25);
    expect(await ctx.pool.incrbyfloat("f", -0.5)).toBe(0.75);
    await expect(ctx.pool.incrby("n", 1.5)).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it("integers beyond 2^53 come back exactly, as bigint", async () => {
    expect(await ctx.pool.incrby("big", 9007199254740993n)).toBe(9007199254740993n);
    expect(await ctx.pool.incr("big")).toBe(9007199254740994n);
    expect(await ctx.admin.get("big")).toBe("9007199254740994");
    expect(await ctx.pool.decrby("big", 9007199254740994n)).toBe(0);
  });

  it("append, strlen, getrange and setrange", async () => {
    expect(await ctx.pool.append("s", "Hello")).toBe(5);
    expect(await ctx.pool.append("s", " World")).toBe(11);
    expect(await ctx.pool.strlen("s")).toBe(11);
    expect(await ctx.pool.getrange("s", 0, 4)).toBe("Hello");
    expect(await ctx.pool.setrange("s", 6, "Redis")).toBe(11);
    expect(await ctx.pool.get("s")).toBe("Hello Redis");
  });

  it("unicode text round-trips", async () => {
    const text = "zażółć gęślą jaźń — 🐝 — 東京";
    await ctx.pool.set("unicode", text);
    expect(await ctx.pool.get("unicode")).toBe(text);
    expect(await ctx.pool.strlen("unicode")).toBe(new TextEncoder().encode(text).length);
  });

  it("a wrong type gives ReplyError with prefix WRONGTYPE", async () => {
    await ctx.admin.lpush("list", "x");
    const error = await ctx.pool.get("list").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplyError);
    expect((error as ReplyError).prefix).toBe("WRONGTYPE");
    await expect(ctx.pool.incr("list")).rejects.toMatchObject({ prefix: "WRONGTYPE", code: "REPLY_ERROR" });
  });
};
