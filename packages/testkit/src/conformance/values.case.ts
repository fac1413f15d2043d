/** Values that must come back exactly as Redis holds them, and error replies classified as Redis sent them. */
import { ReplyError } from "@beeredis/core";
import { expect } from "vitest";
import type { Cases } from "./context.js";

const BOM = "\uFEFF";
const utf8 = new TextEncoder();
/** A geohash at longitude 180 is above 2^53 (13510798882111488 at latitude 85.05). */
const EDGE = { longitude: 180, latitude: 85.05112878 };
const BEYOND_2_53 = 9007199254740993n;

export const valueCases: Cases = (ctx, it) => {
  it("a leading U+FEFF is kept in hash fields, keys, members and values, directly and in batches", async () => {
    expect(
      await ctx.pool.hset("h", [
        ["a", "1"],
        [`${BOM}a`, "2"],
      ]),
    ).toBe(2);
    expect(await ctx.pool.hgetall("h")).toEqual({ a: "1", [`${BOM}a`]: "2" });
    expect((await ctx.pool.hkeys("h")).sort()).toEqual(["a", `${BOM}a`]);
    await ctx.pool.set(`${BOM}user:1`, `${BOM}value`);
    expect(await ctx.pool.keys(`*user:1`)).toEqual([`${BOM}user:1`]);
    const scanned: string[] = [];
    for await (const key of ctx.pool.scanIterator({ match: "*user:1" })) scanned.push(key);
    expect(scanned).toEqual([`${BOM}user:1`]);
    expect(await ctx.pool.get(`${BOM}user:1`)).toBe(`${BOM}value`);
    await ctx.pool.sadd("{s}", "m", `${BOM}m`);
    expect((await ctx.pool.smembers("{s}")).sort()).toEqual(["m", `${BOM}m`]);
    const [piped] = await ctx.pool.pipeline().get(`${BOM}user:1`).exec();
    expect(piped).toBe(`${BOM}value`);
    const [, fields] = await ctx.pool
      .multi()
      .hset("h", { [`${BOM}b`]: "3" })
      .hkeys("h")
      .exec();
    expect((fields as string[]).sort()).toEqual(["a", `${BOM}a`, `${BOM}b`]);
  });

  it("a byte argument starting with EF BB BF is sent with those bytes, as a value and as a key", async () => {
    const bytes = utf8.encode(`${BOM}text`);
    expect(Array.from(bytes.slice(0, 3))).toEqual([0xef, 0xbb, 0xbf]);
    await ctx.pool.set("k", bytes);
    expect(Array.from((await ctx.admin.getBuffer("k"))!)).toEqual(Array.from(bytes));
    await ctx.pool.set(bytes, "v");
    expect(await ctx.admin.get(`${BOM}text`)).toBe("v");
    expect(await ctx.admin.exists("text")).toBe(0);
    await ctx.pool.pipeline().set(bytes, "piped").exec();
    expect(await ctx.admin.get(`${BOM}text`)).toBe("piped");
  });

  it("withHash holds geohashes beyond 2^53 exactly, as bigints", async () => {
    expect(await ctx.pool.geoadd("g", [{ ...EDGE, member: "edge" }])).toBe(1);
    const score = BigInt(String(await ctx.admin.zscore("g", "edge")));
    expect(score > 2n ** 53n).toBe(true);
    const by = { radius: 10, unit: "km" } as const;
    const [found] = await ctx.pool.geosearch("g", { member: "edge" }, by, { withHash: true });
    expect(found).toEqual({ member: "edge", hash: score });
    const [near] = await ctx.pool.georadiusbymember("g", "edge", 10, "km", {
      withHash: true,
      withDist: true,
    });
    expect(near).toEqual({ member: "edge", distance: 0, hash: score });
    const [batched] = await ctx.pool.pipeline().georadius("g", EDGE, 10, "km", { withHash: true }).exec();
    expect(batched).toEqual([{ member: "edge", hash: score }]);
  });

  it("xinfo counters beyond 2^53 (entries added, entries read, lag, deliveries) come back exactly", async () => {
    await ctx.admin.xadd("s", "1-0", "f", "v");
    await ctx.admin.call("XSETID", "s", "1-0", "ENTRIESADDED", String(BEYOND_2_53));
    await ctx.admin.call("XGROUP", "CREATE", "s", "g", "0", "ENTRIESREAD", String(BEYOND_2_53 - 1n));
    await ctx.admin.xreadgroup("GROUP", "g", "c", "STREAMS", "s", ">");
    await ctx.admin.call("XCLAIM", "s", "g", "c", "0", "1-0", "RETRYCOUNT", String(BEYOND_2_53));
    expect((await ctx.pool.xinfoStream("s")).entriesAdded).toBe(BEYOND_2_53);
    const [group] = await ctx.pool.xinfoGroups("s");
    expect(group).toMatchObject({ entriesRead: BEYOND_2_53, lag: 0 });
    const full = await ctx.pool.xinfoStreamFull("s");
    expect(full.entriesAdded).toBe(BEYOND_2_53);
    expect(full.groups[0]).toMatchObject({ entriesRead: BEYOND_2_53 });
    expect(full.groups[0]!.pending[0]!.deliveryCount).toBe(BEYOND_2_53);
    const [pending] = await ctx.pool.xpendingRange("s", "g", "-", "+", 1);
    expect(pending!.deliveries).toBe(BEYOND_2_53);
    const [info] = await ctx.pool.multi().xinfoStream("s").exec();
    expect(info).toMatchObject({ entriesAdded: BEYOND_2_53 });
  });

  it("an error reply without an upper-case code is a ReplyError with an empty prefix, directly and in batches", async () => {
    const script = "return redis.error_reply('My error here')";
    const direct = await ctx.pool.eval(script).catch((error: unknown) => error);
    expect(direct).toBeInstanceOf(ReplyError);
    expect(direct).toMatchObject({ message: "My error here", prefix: "" });
    const [piped] = await ctx.pool.pipeline().eval(script).exec();
    expect(piped).toBeInstanceOf(ReplyError);
    expect(piped).toMatchObject({ message: "My error here", prefix: "" });
    const coded = await ctx.pool
      .eval("return redis.error_reply('MYCODE went wrong')")
      .catch((e: unknown) => e);
    expect(coded).toMatchObject({ message: "MYCODE went wrong", prefix: "MYCODE" });
  });
};
