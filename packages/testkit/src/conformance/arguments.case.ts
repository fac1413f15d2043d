/** Arguments Redis would refuse are refused before sending; valid spellings Redis accepts are accepted. */
import { InvalidArgumentError, type RedisPool } from "@beeredis/core";
import { expect } from "vitest";
import { commandCalls } from "./commandstats.js";
import type { Cases } from "./context.js";

const UINT64_MAX = 18446744073709551615n;
const INT64_MAX = 2n ** 63n - 1n;
const HALF_GB = 512 * 1024 * 1024;

/** Each call must reject with InvalidArgumentError. */
const REFUSED: [string, (pool: RedisPool) => Promise<unknown>][] = [
  ["scriptExists without a SHA", (p) => p.scriptExists()],
  ["set with a ttl of 1e21 seconds", (p) => p.set("k", "v", 1e21)],
  ["incrbyfloat by Infinity", (p) => p.incrbyfloat("n", Number.POSITIVE_INFINITY)],
  ["incrbyfloat by -Infinity", (p) => p.incrbyfloat("n", Number.NEGATIVE_INFINITY)],
  ["setrange at a negative offset", (p) => p.setrange("k", -1, "x")],
  ["setrange at 512 MB", (p) => p.setrange("k", HALF_GB, "x")],
  ["setbit at 2^32", (p) => p.setbit("k", 2 ** 32, 1)],
  ["getbit at 2^32", (p) => p.getbit("k", 2 ** 32)],
  ["bitfield at bit 2^32", (p) => p.bitfield("k", [{ op: "SET", type: "u8", offset: 2 ** 32, value: 1 }])],
  [
    "bitfield at field #2^29 of u8",
    (p) => p.bitfield("k", [{ op: "GET", type: "u8", offset: `#${HALF_GB}` }]),
  ],
  ["bitfieldRo at bit 2^32", (p) => p.bitfieldRo("k", [{ op: "GET", type: "u1", offset: 2 ** 32 }])],
  ["incrby by 2^63", (p) => p.incrby("n", INT64_MAX + 1n)],
  ["decrby by -2^63 (Redis negates it)", (p) => p.decrby("n", -INT64_MAX - 1n)],
  ["hincrby by 2^63", (p) => p.hincrby("h", "f", INT64_MAX + 1n)],
  ["scan with a cursor beyond 2^64", (p) => p.scan(String(UINT64_MAX + 1n))],
  ["hscan with a cursor beyond 2^64", (p) => p.hscan("h", String(UINT64_MAX + 1n))],
  ["scriptFlush NOW", (p) => p.scriptFlush("NOW" as never)],
  ["xadd with milliseconds beyond 2^64", (p) => p.xadd("s", { f: "v" }, { id: `${UINT64_MAX + 1n}-0` })],
  ["xadd with a sequence beyond 2^64", (p) => p.xadd("s", { f: "v" }, { id: `1-${UINT64_MAX + 1n}` })],
  ["xadd with the ID 0-0", (p) => p.xadd("s", { f: "v" }, { id: "0-0" })],
  ["xrange to an ID beyond 2^64", (p) => p.xrange("s", "-", `${UINT64_MAX + 1n}`)],
  ['xread from "+" (Redis 7.4 only)', (p) => p.xread({ s: "+" })],
  ["xsetid with a max deleted ID above the last ID", (p) => p.xsetid("s", "1-0", { maxDeletedId: "2-0" })],
  ["copy of a key onto itself", (p) => p.copy("k", new TextEncoder().encode("k"))],
  ["move to database 2^31", (p) => p.move("k", 2 ** 31)],
  ["swapdb with database 2^32", (p) => p.swapdb(0, 2 ** 32)],
  ["aclGenpass of 4097 bits", (p) => p.aclGenpass(4097)],
  ["commandGetkeys without the command's arguments", (p) => p.commandGetkeys("GET")],
];

/** What the server ran, but for the INFO that reads it. */
async function sentCommands(admin: Parameters<typeof commandCalls>[0]): Promise<Record<string, number>> {
  // INFO is this reading itself; REPLCONF is a replica's once-a-second ACK (on the cluster's masters), not ours.
  const { info: _reading, replconf: _replicaAck, ...calls } = await commandCalls(admin);
  return calls;
}

export const argumentCases: Cases = (ctx, it) => {
  for (const [what, call] of REFUSED) {
    it(`refused before sending: ${what}`, async () => {
      await ctx.pool.ping();
      const before = await sentCommands(ctx.admin);
      expect(await call(ctx.pool).catch((e: unknown) => e)).toBeInstanceOf(InvalidArgumentError);
      expect(await sentCommands(ctx.admin)).toEqual(before);
    });
  }

  it("a refused argument throws when it is recorded, so it never aborts a whole multi() or pipeline()", async () => {
    expect(() => ctx.pool.multi().set("k", "v").scriptExists()).toThrow(InvalidArgumentError);
    expect(() => ctx.pool.pipeline().set("k", "v").set("k", "v", 1e21)).toThrow(InvalidArgumentError);
    expect(await ctx.admin.exists("k")).toBe(0);
  });

  it('xread from "+" names the Redis version it needs', async () => {
    await expect(ctx.pool.xread({ s: "+" })).rejects.toThrow(/Redis 7\.4/);
  });

  it("the largest values Redis takes are accepted", async () => {
    expect(await ctx.pool.set("k", "v", Number.MAX_SAFE_INTEGER)).toBe("OK");
    expect(await ctx.pool.getbit("k", 2 ** 32 - 1)).toBe(0);
    expect(await ctx.pool.bitfieldRo("k", [{ op: "GET", type: "u8", offset: `#${HALF_GB - 1}` }])).toEqual([
      0,
    ]);
    expect(await ctx.pool.incrby("n", INT64_MAX)).toBe(INT64_MAX);
    expect(await ctx.pool.decrby("m", INT64_MAX)).toBe(-INT64_MAX);
    expect(await ctx.pool.incrby("m", -1n)).toBe(-INT64_MAX - 1n);
    expect(await ctx.pool.xadd("s", { f: "v" }, { id: `${UINT64_MAX}-0` })).toBe(`${UINT64_MAX}-0`);
    expect(await ctx.pool.xadd("s2", { f: "v" }, { id: "0-1" })).toBe("0-1");
    expect((await ctx.pool.xrange("s", "-", `${UINT64_MAX}-${UINT64_MAX}`)).map((e) => e.id)).toEqual([
      `${UINT64_MAX}-0`,
    ]);
    expect(await ctx.pool.scriptFlush("ASYNC")).toBe("OK");
    expect(await ctx.pool.incrbyfloat("f", 1.5)).toBe(1.5);
  });

  it('xautoclaim starts from "-" like from "0-0"', async () => {
    await ctx.admin.xadd("s", "1-0", "f", "v");
    await ctx.admin.xgroup("CREATE", "s", "g", "0");
    await ctx.admin.xreadgroup("GROUP", "g", "alice", "STREAMS", "s", ">");
    const claimed = await ctx.pool.xautoclaim("s", "g", "bob", 0, "-");
    expect(claimed).toEqual({ nextId: "0-0", claimed: [{ id: "1-0", fields: { f: "v" } }], deletedIds: [] });
    expect((await ctx.pool.xautoclaimJustId("s", "g", "carol", 0, "-")).claimed).toEqual(["1-0"]);
  });

  it('score bounds "-Infinity" and "Infinity" (as String(±Infinity) spells them) are sent as -inf and +inf', async () => {
    await ctx.pool.zadd("z", [
      { member: "low", score: Number.NEGATIVE_INFINITY },
      { member: "mid", score: 0 },
      { member: "high", score: Number.POSITIVE_INFINITY },
    ]);
    expect(await ctx.pool.zrangebyscore("z", "-Infinity", "Infinity")).toEqual(["low", "mid", "high"]);
    expect(await ctx.pool.zrangebyscore("z", "(-Infinity", "(+Infinity")).toEqual(["mid"]);
    expect(
      await ctx.pool.zcount("z", String(Number.NEGATIVE_INFINITY), String(Number.POSITIVE_INFINITY)),
    ).toBe(3);
    expect(await ctx.pool.zrevrangebyscore("z", "Infinity", "(-Infinity")).toEqual(["high", "mid"]);
    expect(await ctx.pool.zremrangebyscore("z", "-Infinity", "(0")).toBe(1);
  });
};
