import { InvalidArgumentError, ReplyError } from "@beeredis/core";
import { expect } from "vitest";
import type { Cases } from "../context.js";
import { ONE_SERVER } from "../needs.js";
import { sortedSetCommandsSeen } from "./helpers.js";

export const sortedSetErrorCases: Cases = (ctx, it) => {
  it("bad arguments throw InvalidArgumentError and nothing is sent", ONE_SERVER, async () => {
    await ctx.admin.zadd("z", 1, "a", 2, "b");
    await ctx.admin.config("RESETSTAT");
    const p = ctx.pool;
    const bad: [string, () => Promise<unknown>][] = [
      ["zadd empty list", () => p.zadd("z", [])],
      ["zadd empty record", () => p.zadd("z", {})],
      ["zadd NaN score in a list", () => p.zadd("z", [{ member: "c", score: Number.NaN }])],
      ["zadd NaN score in a record", () => p.zadd("z", { c: Number.NaN })],
      ["zadd string score", () => p.zadd("z", { c: "1" as never })],
      ["zadd nx + xx", () => p.zadd("z", { a: 5 }, { nx: true, xx: true })],
      ["zadd gt + lt", () => p.zadd("z", { a: 5 }, { gt: true, lt: true })],
      ["zadd nx + gt", () => p.zadd("z", { a: 5 }, { nx: true, gt: true })],
      ["zadd nx + lt", () => p.zadd("z", { a: 5 }, { nx: true, lt: true })],
      ["zadd incr option", () => p.zadd("z", { a: 5 }, { incr: true } as never)],
      ["zadd entry not an object", () => p.zadd("z", [null] as never)],
      ["zadd undefined member", () => p.zadd("z", [{ member: undefined, score: 1 }] as never)],
      ["zadd members not a list or record", () => p.zadd("z", "a" as never)],
      ["zaddIncr NaN", () => p.zaddIncr("z", Number.NaN, "a")],
      ["zaddIncr nx + xx", () => p.zaddIncr("z", 1, "a", { nx: true, xx: true })],
      ["zaddIncr gt + lt", () => p.zaddIncr("z", 1, "a", { gt: true, lt: true })],
      ["zincrby NaN", () => p.zincrby("z", Number.NaN, "a")],
      ["zrem no members", () => p.zrem("z")],
      ["zremrangebyrank fraction", () => p.zremrangebyrank("z", 0.5, 1)],
      ["zremrangebyscore NaN", () => p.zremrangebyscore("z", Number.NaN, 1)],
      ["zremrangebyscore text", () => p.zremrangebyscore("z", "abc", 1)],
      ["zremrangebyscore lone (", () => p.zremrangebyscore("z", "(", 1)],
      ["zremrangebylex no prefix", () => p.zremrangebylex("z", "a", "+")],
      ["zremrangebylex empty", () => p.zremrangebylex("z", "", "+")],
      ["zrangestore bad lex bound", () => p.zrangestore("dst", "z", "a", "[b", { by: "lex" })],
      ["zrangestore fractional rank", () => p.zrangestore("dst", "z", 0, 1.5)],
      ["zdiffstore no keys", () => p.zdiffstore("dst", [])],
      ["zinterstore weights mismatch", () => p.zinterstore("dst", ["z", "b"], { weights: [1] })],
      ["zunionstore bad aggregate", () => p.zunionstore("dst", ["z"], { aggregate: "AVG" as never })],
      ["zunionstore NaN weight", () => p.zunionstore("dst", ["z"], { weights: [Number.NaN] })],
      ["zpopmin fractional count", () => p.zpopmin("z", 1.5)],
      ["zpopmax negative count", () => p.zpopmax("z", -1)],
      ["zmpop bad side", () => p.zmpop("z", "MIDDLE" as never)],
      ["zmpop count 0", () => p.zmpop("z", "MIN", 0)],
      ["zmpop no keys", () => p.zmpop([], "MIN")],
      ["bzpopmin negative timeout", () => p.bzpopmin("z", -1)],
      ["bzpopmin NaN timeout", () => p.bzpopmin("z", Number.NaN)],
      ["bzpopmin infinite timeout", () => p.bzpopmin("z", Number.POSITIVE_INFINITY)],
      ["bzpopmax no keys", () => p.bzpopmax([], 1)],
      ["bzmpop negative timeout", () => p.bzmpop(-1, "z", "MIN")],
      ["bzmpop fractional count", () => p.bzmpop(1, "z", "MAX", 1.5)],
      ["zrange fractional rank", () => p.zrange("z", 0, 1.5)],
      ["zrange lex bounds without by", () => p.zrange("z", "[a" as never, "[b" as never)],
      ["zrange limit without by", () => p.zrange("z", 0, 1, { limit: { offset: 0, count: 1 } } as never)],
      ["zrange bad lex bound", () => p.zrange("z", "a", "+", { by: "lex" })],
      ["zrange unknown by", () => p.zrange("z", 0, 1, { by: "rank" } as never)],
      [
        "zrangeWithScores by lex",
        () => p.zrangeWithScores("z", "-" as never, "+" as never, { by: "lex" } as never),
      ],
      [
        "zrangebyscore negative offset",
        () => p.zrangebyscore("z", 0, 1, { limit: { offset: -1, count: 1 } }),
      ],
      [
        "zrangebyscore fractional count",
        () => p.zrangebyscore("z", 0, 1, { limit: { offset: 0, count: 1.5 } }),
      ],
      ["zrangebylex bad bound", () => p.zrangebylex("z", "b", "+")],
      ["zrevrangebylex bad bound", () => p.zrevrangebylex("z", "+", "b")],
      ["zrevrange fractional rank", () => p.zrevrange("z", 0, 0.5)],
      ["zcount text bound", () => p.zcount("z", "five", 10)],
      ["zcount nan text", () => p.zcount("z", "nan", 10)],
      ["zcount NaN in a bound object", () => p.zcount("z", { value: Number.NaN }, 1)],
      ["zlexcount bad bound", () => p.zlexcount("z", "[a", "z")],
      ["zmscore no members", () => p.zmscore("z")],
      ["zrandmemberCount fraction", () => p.zrandmemberCount("z", 1.5)],
      ["zrandmemberWithScores NaN", () => p.zrandmemberWithScores("z", Number.NaN)],
      ["zintercard no keys", () => p.zintercard([])],
      ["zintercard negative limit", () => p.zintercard(["z"], { limit: -1 })],
      ["zinter too many weights", () => p.zinter(["z", "b"], { weights: [1, 2, 3] })],
      ["zunion no keys", () => p.zunion([])],
      ["zscan bad cursor", () => p.zscan("z", "abc")],
      ["zscan type option", () => p.zscan("z", 0, { type: "zset" } as never)],
      ["zscan count 0", () => p.zscan("z", 0, { count: 0 })],
    ];
    for (const [name, call] of bad) {
      const error = await call().then(
        () => new Error(`${name}: resolved`),
        (e: unknown) => e,
      );
      expect(error, name).toBeInstanceOf(InvalidArgumentError);
    }
    expect(await sortedSetCommandsSeen(ctx)).toEqual([]);
    expect(await ctx.admin.zrange("z", "0", "-1", "WITHSCORES")).toEqual(["a", "1", "b", "2"]);
    expect(await ctx.admin.exists("dst")).toBe(0);
  });

  it("a wrong type gives ReplyError with prefix WRONGTYPE", async () => {
    await ctx.admin.set("s", "v");
    const calls: (() => Promise<unknown>)[] = [
      () => ctx.pool.zadd("s", { a: 1 }),
      () => ctx.pool.zscore("s", "a"),
      () => ctx.pool.zrange("s", 0, -1),
      () => ctx.pool.zpopmin("s"),
      () => ctx.pool.bzpopmin("s", 0.1),
      () => ctx.pool.zunion(["s"]),
    ];
    for (const call of calls) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReplyError);
      expect((error as ReplyError).prefix).toBe("WRONGTYPE");
    }
    expect(await ctx.admin.get("s")).toBe("v");
  });

  it("server-side errors arrive as ReplyError", async () => {
    await ctx.admin.zadd("z", "+inf", "a");
    await expect(ctx.pool.zincrby("z", Number.NEGATIVE_INFINITY, "a")).rejects.toMatchObject({
      code: "REPLY_ERROR",
      prefix: "ERR",
    });
    expect(await ctx.pool.zscore("z", "a")).toBe(Number.POSITIVE_INFINITY);
  });

  it("sorted set commands in a transaction decode like single calls", async () => {
    const results = await ctx.pool
      .multi()
      .zadd("z", { a: 1, b: 2 })
      .zaddIncr("z", 0.5, "a")
      .zrangeWithScores("z", 0, -1)
      .zrange("z", "(1", "+inf", { by: "score" })
      .zpopmax("z")
      .exec();
    expect(results).toEqual([
      2,
      1.5,
      [
        { member: "a", score: 1.5 },
        { member: "b", score: 2 },
      ],
      ["a", "b"],
      [{ member: "b", score: 2 }],
    ]);
  });
};
