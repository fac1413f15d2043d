import { InvalidArgumentError, ReplyError } from "@beeredis/core";
import { expect } from "vitest";
import type { Cases } from "../context.js";
import { waitFor } from "../pubsub/helpers.js";

export const streamGroupCases: Cases = (ctx, it) => {
  it("xgroupCreate resolves true when created and false for an existing group (BUSYGROUP)", async () => {
    await ctx.admin.xadd("s", "1-0", "a", "1");
    expect(await ctx.pool.xgroupCreate("s", "g")).toBe(true);
    expect(await ctx.pool.xgroupCreate("s", "g")).toBe(false);
    expect(await ctx.pool.xgroupCreate("s", "from-start", "0", { entriesRead: 0 })).toBe(true);
    // Same in pipelines and transactions.
    const [again, other] = await ctx.pool
      .pipeline()
      .xgroupCreate("s", "g")
      .xgroupCreate("s", "h", "$")
      .exec();
    expect(again).toBe(false);
    expect(other).toBe(true);
    expect(await ctx.pool.multi().xgroupCreate("s", "h").exec()).toEqual([false]);
    const groups = await ctx.admin.xinfo("GROUPS", "s");
    expect((groups as unknown[][]).map((g) => g[1]).sort()).toEqual(["from-start", "g", "h"]);
  });

  it("xgroupCreate on a missing stream: mkstream creates it, otherwise a ReplyError", async () => {
    const error = await ctx.pool.xgroupCreate("missing", "g").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplyError);
    expect(await ctx.pool.xgroupCreate("new", "g", "$", { mkstream: true })).toBe(true);
    expect(await ctx.admin.type("new")).toBe("stream");
    expect(await ctx.admin.xlen("new")).toBe(0);
  });

  it("xgroupCreateconsumer, xgroupDelconsumer, xgroupSetid and xgroupDestroy", async () => {
    await ctx.admin.xadd("s", "1-0", "a", "1");
    await ctx.admin.xadd("s", "2-0", "a", "2");
    await ctx.pool.xgroupCreate("s", "g", "0");
    expect(await ctx.pool.xgroupCreateconsumer("s", "g", "alice")).toBe(true);
    expect(await ctx.pool.xgroupCreateconsumer("s", "g", "alice")).toBe(false);
    await ctx.admin.xreadgroup("GROUP", "g", "alice", "STREAMS", "s", ">");
    expect(await ctx.pool.xgroupDelconsumer("s", "g", "alice")).toBe(2);
    expect(await ctx.pool.xgroupDelconsumer("s", "g", "nobody")).toBe(0);
    expect(await ctx.pool.xgroupSetid("s", "g", "1-0", { entriesRead: 1 })).toBe("OK");
    expect(await ctx.pool.xinfoGroups("s")).toMatchObject([
      { name: "g", lastDeliveredId: "1-0", entriesRead: 1, lag: 1 },
    ]);
    expect(await ctx.pool.xgroupSetid("s", "g", "$")).toBe("OK");
    expect((await ctx.pool.xinfoGroups("s"))[0]!.lastDeliveredId).toBe("2-0");
    expect(await ctx.pool.xgroupDestroy("s", "g")).toBe(true);
    expect(await ctx.pool.xgroupDestroy("s", "g")).toBe(false);
  });

  it("xreadgroup delivers new entries, re-reads pending ones, and honours noack; xack", async () => {
    await ctx.admin.xadd("s", "1-0", "a", "1");
    await ctx.admin.xadd("s", "2-0", "a", "2");
    await ctx.pool.xgroupCreate("s", "g", "0");
    expect(await ctx.pool.xreadgroup("g", "alice", { s: ">" }, { count: 1 })).toEqual([
      { stream: "s", entries: [{ id: "1-0", fields: { a: "1" } }] },
    ]);
    expect(await ctx.pool.xreadgroup("g", "bob", { s: ">" }, { noack: true })).toEqual([
      { stream: "s", entries: [{ id: "2-0", fields: { a: "2" } }] },
    ]);
    expect(await ctx.pool.xreadgroup("g", "bob", { s: ">" })).toBeNull();
    // History: alice's pending entries; bob has none (noack).
    expect(await ctx.pool.xreadgroup("g", "alice", { s: "0" })).toEqual([
      { stream: "s", entries: [{ id: "1-0", fields: { a: "1" } }] },
    ]);
    expect(await ctx.pool.xreadgroup("g", "bob", [["s", "0-0"]])).toEqual([{ stream: "s", entries: [] }]);
    // A pending entry deleted from the stream comes back with fields null.
    await ctx.admin.xdel("s", "1-0");
    expect(await ctx.pool.xreadgroup("g", "alice", { s: "0" })).toEqual([
      { stream: "s", entries: [{ id: "1-0", fields: null }] },
    ]);
    expect(await ctx.pool.xack("s", "g", "1-0", "9-0")).toBe(1);
    expect(await ctx.pool.xack("s", "g", "1-0")).toBe(0);
    await ctx.admin.xadd("s", "3-0", "bin", Buffer.from([255]));
    const bytes = await ctx.pool.xreadgroupBytes("g", "carol", { s: ">" });
    expect(bytes![0]!.entries[0]!.fields!.bin).toEqual(new Uint8Array([255]));
  });

  it("xreadgroup with block runs on a dedicated connection and wakes on xadd", async () => {
    await ctx.pool.xgroupCreate("s", "g", "$", { mkstream: true });
    const read = ctx.pool.xreadgroup("g", "c", { s: ">" }, { block: 3000, count: 10 });
    await waitFor("the XREADGROUP to block", async () =>
      /blocked_clients:1\b/.test(await ctx.admin.info("clients")),
    );
    expect(await ctx.pool.ping()).toBe("PONG");
    await ctx.admin.xadd("s", "5-0", "job", "1");
    expect(await read).toEqual([{ stream: "s", entries: [{ id: "5-0", fields: { job: "1" } }] }]);
    expect(await ctx.pool.xreadgroup("g", "c", { s: ">" }, { block: 10 })).toBeNull();
  });

  it("xpending summary and extended form", async () => {
    for (const id of ["1-0", "2-0", "3-0"]) await ctx.admin.xadd("s", id, "f", id);
    await ctx.pool.xgroupCreate("s", "g", "0");
    expect(await ctx.pool.xpending("s", "g")).toEqual({
      count: 0,
      smallest: null,
      greatest: null,
      consumers: [],
    });
    await ctx.admin.xreadgroup("GROUP", "g", "alice", "COUNT", "2", "STREAMS", "s", ">");
    await ctx.admin.xreadgroup("GROUP", "g", "bob", "STREAMS", "s", ">");
    expect(await ctx.pool.xpending("s", "g")).toEqual({
      count: 3,
      smallest: "1-0",
      greatest: "3-0",
      consumers: [
        { name: "alice", pending: 2 },
        { name: "bob", pending: 1 },
      ],
    });
    const all = await ctx.pool.xpendingRange("s", "g", "-", "+", 10);
    expect(all.map(({ id, consumer, deliveries }) => ({ id, consumer, deliveries }))).toEqual([
      { id: "1-0", consumer: "alice", deliveries: 1 },
      { id: "2-0", consumer: "alice", deliveries: 1 },
      { id: "3-0", consumer: "bob", deliveries: 1 },
    ]);
    expect(all[0]!.idleMs).toBeGreaterThanOrEqual(0);
    expect((await ctx.pool.xpendingRange("s", "g", "(1-0", "+", 1)).map((p) => p.id)).toEqual(["2-0"]);
    expect(
      (await ctx.pool.xpendingRange("s", "g", "-", "+", 10, { consumer: "bob" })).map((p) => p.id),
    ).toEqual(["3-0"]);
    expect(await ctx.pool.xpendingRange("s", "g", "-", "+", 10, { idle: 3_600_000 })).toEqual([]);
  });

  it("xclaim and xclaimJustId take over pending entries", async () => {
    for (const id of ["1-0", "2-0", "3-0"]) await ctx.admin.xadd("s", id, "f", id);
    await ctx.pool.xgroupCreate("s", "g", "0");
    await ctx.admin.xreadgroup("GROUP", "g", "alice", "STREAMS", "s", ">");
    expect(await ctx.pool.xclaim("s", "g", "bob", 3_600_000, "1-0")).toEqual([]);
    expect(await ctx.pool.xclaim("s", "g", "bob", 0, ["1-0", "2-0"], { retrycount: 5 })).toEqual([
      { id: "1-0", fields: { f: "1-0" } },
      { id: "2-0", fields: { f: "2-0" } },
    ]);
    const [first] = await ctx.pool.xpendingRange("s", "g", "-", "+", 1);
    expect(first).toMatchObject({ id: "1-0", consumer: "bob", deliveries: 5 });
    expect(await ctx.pool.xclaimJustId("s", "g", "carol", 0, "3-0", { idle: 1000, lastid: "3-0" })).toEqual([
      "3-0",
    ]);
    const [third] = await ctx.pool.xpendingRange("s", "g", "3-0", "3-0", 1);
    expect(third).toMatchObject({ consumer: "carol", deliveries: 1 });
    expect(third!.idleMs).toBeGreaterThanOrEqual(1000);
    await ctx.admin.xadd("s", "4-0", "f", "4-0");
    expect(
      await ctx.pool.xclaimJustId("s", "g", "dave", 0, "4-0", { force: true, time: Date.now() }),
    ).toEqual(["4-0"]);
  });

  it("xautoclaim and xautoclaimJustId scan the pending list", async () => {
    for (const id of ["1-0", "2-0", "3-0"]) await ctx.admin.xadd("s", id, "f", id);
    await ctx.pool.xgroupCreate("s", "g", "0");
    await ctx.admin.xreadgroup("GROUP", "g", "alice", "STREAMS", "s", ">");
    await ctx.admin.xdel("s", "3-0");
    expect(await ctx.pool.xautoclaim("s", "g", "bob", 0, "0-0", { count: 1 })).toEqual({
      nextId: "2-0",
      claimed: [{ id: "1-0", fields: { f: "1-0" } }],
      deletedIds: [],
    });
    expect(await ctx.pool.xautoclaimJustId("s", "g", "carol", 0, "2-0")).toEqual({
      nextId: "0-0",
      claimed: ["2-0"],
      deletedIds: ["3-0"],
    });
    expect(await ctx.pool.xautoclaim("s", "g", "bob", 3_600_000)).toEqual({
      nextId: "0-0",
      claimed: [],
      deletedIds: [],
    });
  });

  it("xgroupHelp and xinfoHelp return the server's help lines", async () => {
    expect((await ctx.pool.xgroupHelp()).join("\n")).toMatch(/CREATECONSUMER/);
    expect((await ctx.pool.xinfoHelp()).join("\n")).toMatch(/CONSUMERS/);
  });

  it("bad group input rejects with InvalidArgumentError and writes nothing", async () => {
    const bad: (() => Promise<unknown>)[] = [
      () => ctx.pool.xgroupCreate("s", "g", "nope", { mkstream: true }),
      () => ctx.pool.xgroupCreate("s", "g", "$", { mkstream: true, entriesRead: -1 }),
      () => ctx.pool.xreadgroup("g", "c", { s: "$" }),
      () => ctx.pool.xack("s", "g"),
      () => ctx.pool.xclaim("s", "g", "c", -1, "1-0"),
      () => ctx.pool.xclaim("s", "g", "c", 0, []),
      () => ctx.pool.xclaim("s", "g", "c", 0, "1-0", { idle: 1, time: 1 }),
      () => ctx.pool.xautoclaim("s", "g", "c", 0, "(1-0"),
      () => ctx.pool.xautoclaim("s", "g", "c", 0, "0-0", { count: 0 }),
      () => ctx.pool.xpendingRange("s", "g", "-", "+", -1),
    ];
    for (const call of bad) await expect(call()).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(await ctx.admin.exists("s")).toBe(0);
  });
};
