import { expect } from "vitest";
import type { Cases } from "../context.js";

export const streamInfoCases: Cases = (ctx, it) => {
  it("xinfoStream describes the stream with camelCase keys", async () => {
    await ctx.admin.xadd("s", "1-0", "a", "1");
    await ctx.admin.xadd("s", "2-0", "b", "2");
    await ctx.admin.xdel("s", "2-0");
    await ctx.admin.xgroup("CREATE", "s", "g", "0");
    expect(await ctx.pool.xinfoStream("s")).toEqual({
      length: 1,
      radixTreeKeys: 1,
      radixTreeNodes: expect.any(Number),
      lastGeneratedId: "2-0",
      maxDeletedEntryId: "2-0",
      entriesAdded: 2,
      recordedFirstEntryId: "1-0",
      groups: 1,
      firstEntry: { id: "1-0", fields: { a: "1" } },
      lastEntry: { id: "1-0", fields: { a: "1" } },
    });
    await ctx.admin.xadd("empty", "MAXLEN", "0", "*", "a", "1");
    expect(await ctx.pool.xinfoStream("empty")).toMatchObject({
      length: 0,
      firstEntry: null,
      lastEntry: null,
    });
    await expect(ctx.pool.xinfoStream("missing")).rejects.toMatchObject({ code: "REPLY_ERROR" });
  });

  it("xinfoStreamFull includes entries, groups, pending entries and consumers", async () => {
    for (const id of ["1-0", "2-0", "3-0"]) await ctx.admin.xadd("s", id, "f", id);
    await ctx.admin.xgroup("CREATE", "s", "g", "0");
    await ctx.admin.xreadgroup("GROUP", "g", "alice", "COUNT", "2", "STREAMS", "s", ">");
    const full = await ctx.pool.xinfoStreamFull("s", { count: 2 });
    expect(full).toMatchObject({ length: 3, lastGeneratedId: "3-0", entriesAdded: 3 });
    expect(full.entries).toEqual([
      { id: "1-0", fields: { f: "1-0" } },
      { id: "2-0", fields: { f: "2-0" } },
    ]);
    expect(full.groups).toHaveLength(1);
    const [group] = full.groups;
    expect(group).toMatchObject({ name: "g", lastDeliveredId: "2-0", entriesRead: 2, lag: 1, pelCount: 2 });
    expect(group!.pending.map((p) => [p.id, p.consumer, p.deliveryCount])).toEqual([
      ["1-0", "alice", 1],
      ["2-0", "alice", 1],
    ]);
    expect(group!.pending[0]!.deliveryTime).toBeGreaterThan(1_600_000_000_000);
    expect(group!.consumers).toHaveLength(1);
    expect(group!.consumers[0]).toMatchObject({ name: "alice", pelCount: 2 });
    expect(group!.consumers[0]!.seenTime).toBeGreaterThan(1_600_000_000_000);
    expect(group!.consumers[0]!.pending.map((p) => p.id)).toEqual(["1-0", "2-0"]);
    expect((await ctx.pool.xinfoStreamFull("s", { count: 0 })).entries).toHaveLength(3);
    expect((await ctx.pool.xinfoStreamFull("s")).entries).toHaveLength(3);
  });

  it("xinfoGroups and xinfoConsumers", async () => {
    await ctx.admin.xadd("s", "1-0", "a", "1");
    await ctx.admin.xadd("s", "2-0", "a", "2");
    await ctx.admin.xgroup("CREATE", "s", "g", "0");
    await ctx.admin.xgroup("CREATE", "s", "late", "$");
    await ctx.admin.xreadgroup("GROUP", "g", "alice", "COUNT", "1", "STREAMS", "s", ">");
    await ctx.admin.xgroup("CREATECONSUMER", "s", "g", "bob");
    expect(await ctx.pool.xinfoGroups("s")).toEqual([
      { name: "g", consumers: 2, pending: 1, lastDeliveredId: "1-0", entriesRead: 1, lag: 1 },
      // Created at "$": Redis does not know how many entries the group read, yet knows it lags nothing.
      { name: "late", consumers: 0, pending: 0, lastDeliveredId: "2-0", entriesRead: null, lag: 0 },
    ]);
    const consumers = await ctx.pool.xinfoConsumers("s", "g");
    expect(consumers.map(({ name, pending }) => ({ name, pending }))).toEqual([
      { name: "alice", pending: 1 },
      { name: "bob", pending: 0 },
    ]);
    expect(consumers[0]!.idle).toBeGreaterThanOrEqual(0);
    expect(await ctx.pool.xinfoConsumers("s", "late")).toEqual([]);
    expect(await ctx.pool.xinfoGroups("s").then((g) => g.length)).toBe(2);
  });
};
