import { InvalidArgumentError, ReplyError } from "@beeredis/core";
import { Redis } from "ioredis";
import { expect } from "vitest";
import type { Cases, ConformanceContext } from "./context.js";
import { ONE_NODE, ONE_SERVER, SEVERAL_DATABASES } from "./needs.js";

/** A plain client of the shared server (not the pool's), to kill or block. */
async function otherClient(ctx: ConformanceContext): Promise<{ client: Redis; id: number }> {
  const client = new Redis({ host: ctx.server.host, port: ctx.server.port, protocol: 2, lazyConnect: true });
  client.on("error", () => {});
  await client.connect();
  return { client, id: Number(await client.client("ID")) };
}

export const serverCases: Cases = (ctx, it) => {
  it("ping and echo", async () => {
    expect(await ctx.pool.ping()).toBe("PONG");
    expect(await ctx.pool.ping("hello")).toBe("hello");
    expect(await ctx.pool.echo("bee")).toBe("bee");
  });

  it("time is the server's clock", async () => {
    const time = await ctx.pool.time();
    expect(Math.abs(time.seconds - Date.now() / 1000)).toBeLessThan(60);
    expect(time.microseconds).toBeGreaterThanOrEqual(0);
    expect(time.microseconds).toBeLessThan(1_000_000);
  });

  it("dbsize and info", async () => {
    await ctx.admin.mset("a", "1", "b", "2");
    expect(await ctx.pool.dbsize()).toBe(2);
    expect(await ctx.pool.info("server")).toMatch(/redis_version:/);
    expect(await ctx.pool.info()).toMatch(/# Keyspace/);
  });

  it(
    "flushdb empties the pool's database only; flushall empties every database",
    SEVERAL_DATABASES,
    async () => {
      const test = ctx.engine.getRedis("test");
      await ctx.pool.set("k", "0");
      await test.set("k", "3");
      expect(await test.flushdb()).toBe("OK");
      expect(await ctx.pool.get("k")).toBe("0");
      await test.set("k", "3");
      expect(await ctx.pool.flushall("SYNC")).toBe("OK");
      expect(await ctx.pool.get("k")).toBeNull();
      expect(await test.get("k")).toBeNull();
    },
  );

  it("lastsave, role, lolwut and wait", ONE_SERVER, async () => {
    expect(Math.abs((await ctx.pool.lastsave()) - Date.now() / 1000)).toBeLessThan(3600);
    expect(await ctx.pool.role()).toEqual({ role: "master", offset: expect.any(Number), replicas: [] });
    expect(await ctx.pool.lolwut()).toMatch(/Redis ver\./);
    expect(await ctx.pool.lolwut({ version: 5 })).toMatch(/Redis ver\./);
    expect(await ctx.pool.wait(0, 100)).toBe(0);
    await expect(ctx.pool.wait(-1, 100)).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it("configGet reads parameters by pattern; configHelp", ONE_SERVER, async () => {
    const config = await ctx.pool.configGet("maxmemory*", "port");
    expect(config.port).toBe(String(ctx.server.port));
    expect(config).toHaveProperty("maxmemory-policy");
    expect(await ctx.pool.configGet("no-such-parameter")).toEqual({});
    expect((await ctx.pool.configHelp()).join("\n")).toMatch(/REWRITE/);
    await expect(ctx.pool.configGet()).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it("commandCount, commandList, commandInfo and commandHelp", async () => {
    const count = await ctx.pool.commandCount();
    const all = await ctx.pool.commandList();
    expect(all.filter((name) => !name.includes("|"))).toHaveLength(count);
    expect(all).toContain("config|get");
    expect(await ctx.pool.commandList({ pattern: "geo*" })).toContain("geosearch");
    expect(await ctx.pool.commandList({ aclcat: "hyperloglog" })).toContain("pfadd");
    expect(await ctx.pool.commandList({ module: "no-such-module" })).toEqual([]);
    const [get, missing, configGet] = await ctx.pool.commandInfo("get", "no-such-command", "config|get");
    expect(get).toMatchObject({ name: "get", arity: 2, firstKey: 1, lastKey: 1, step: 1, subcommands: [] });
    expect(get!.flags).toContain("readonly");
    expect(get!.aclCategories).toContain("@string");
    expect(get!.keySpecs[0]).toMatchObject({
      flags: ["RO", "access"],
      beginSearch: { type: "index", spec: { index: 1 } },
    });
    expect(missing).toBeNull();
    expect(configGet).toMatchObject({ name: "config|get", arity: -3 });
    const [config] = await ctx.pool.commandInfo("config");
    expect(config!.subcommands.map((sub) => sub.name)).toContain("config|set");
    expect(await ctx.pool.commandInfo()).toHaveLength(count);
    expect((await ctx.pool.commandHelp()).join("\n")).toMatch(/GETKEYS/);
  });

  it("commandDocs describes commands, arguments and subcommands", async () => {
    const docs = await ctx.pool.commandDocs("get", "config");
    expect(docs.get).toMatchObject({ summary: expect.any(String), since: "1.0.0", group: "string" });
    expect(docs.get!.arguments![0]).toMatchObject({ name: "key", type: "key", keySpecIndex: 0 });
    expect(Object.keys(docs.config!.subcommands!)).toContain("config|get");
    const geosearch = (await ctx.pool.commandDocs("geosearch")).geosearch!;
    expect(geosearch.history?.[0]?.[0]).toMatch(/^\d+\.\d+\.\d+$/);
    const from = geosearch.arguments!.find((arg) => arg.name === "from")!;
    expect(from.type).toBe("oneof");
    expect(from.arguments!.map((arg) => arg.token)).toEqual(["FROMMEMBER", "FROMLONLAT"]);
    expect(Object.keys(await ctx.pool.commandDocs()).length).toBe(await ctx.pool.commandCount());
  });

  it("commandGetkeys and commandGetkeysandflags", async () => {
    expect(await ctx.pool.commandGetkeys("MSET", "a", "1", "b", "2")).toEqual(["a", "b"]);
    expect(await ctx.pool.commandGetkeysandflags("LMOVE", "src", "dst", "LEFT", "RIGHT")).toEqual([
      { key: "src", flags: ["RW", "access", "delete"] },
      { key: "dst", flags: ["RW", "insert"] },
    ]);
    await expect(ctx.pool.commandGetkeys("PING", "x")).rejects.toBeInstanceOf(ReplyError);
  });

  it("clientId, clientInfo, clientList, clientSetname and clientGetname", ONE_SERVER, async () => {
    const id = await ctx.pool.clientId();
    const info = await ctx.pool.clientInfo();
    expect(info).toMatchObject({ id, db: 0, cmd: "client|info", user: ctx.target.user ?? "default" });
    expect(info.fields.resp).toBe("2");
    expect(info.addr).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(await ctx.pool.clientList({ ids: [id] })).toEqual([expect.objectContaining({ id })]);
    expect((await ctx.pool.clientList({ type: "NORMAL" })).map((c) => c.id)).toContain(id);
    expect((await ctx.pool.clientList()).length).toBeGreaterThanOrEqual(2);
    expect(await ctx.pool.clientSetname("bee-pool")).toBe("OK");
    expect(await ctx.pool.clientGetname()).toBe("bee-pool");
    expect((await ctx.pool.clientInfo()).name).toBe("bee-pool");
    expect(await ctx.pool.clientSetname("")).toBe("OK");
    expect(await ctx.pool.clientGetname()).toBeNull();
    await expect(ctx.pool.clientSetname("has space")).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(ctx.pool.clientList({ type: "NORMAL", ids: [id] })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
  });

  it("clientNoEvict, clientGetredir, clientTrackinginfo and clientHelp", ONE_SERVER, async () => {
    expect(await ctx.pool.clientNoEvict(true)).toBe("OK");
    expect((await ctx.pool.clientInfo()).flags).toContain("e");
    expect(await ctx.pool.clientNoEvict(false)).toBe("OK");
    expect((await ctx.pool.clientInfo()).flags).not.toContain("e");
    expect(await ctx.pool.clientGetredir()).toBe(-1);
    expect(await ctx.pool.clientTrackinginfo()).toEqual({ flags: ["off"], redirect: -1, prefixes: [] });
    expect((await ctx.pool.clientHelp()).join("\n")).toMatch(/UNBLOCK/);
  });

  it("clientKill closes another connection by id or address", ONE_SERVER, async () => {
    const first = await otherClient(ctx);
    const second = await otherClient(ctx);
    try {
      expect(await ctx.pool.clientKill({ id: first.id })).toBe(1);
      const addr = (await ctx.pool.clientList({ ids: [second.id] }))[0]!.addr;
      expect(await ctx.pool.clientKill({ addr, type: "NORMAL" })).toBe(1);
      expect(await ctx.pool.clientKill({ addr: "10.255.255.1:1" })).toBe(0);
      expect((await ctx.pool.clientList({ ids: [first.id, second.id] })).length).toBe(0);
      await expect(ctx.pool.clientKill({})).rejects.toBeInstanceOf(InvalidArgumentError);
    } finally {
      first.client.disconnect();
      second.client.disconnect();
    }
  });

  it("clientUnblock wakes a blocked client, as a timeout or with an error", ONE_SERVER, async () => {
    const other = await otherClient(ctx);
    try {
      expect(await ctx.pool.clientUnblock(other.id)).toBe(false);
      const blocked = other.client.blpop("never", 0);
      await waitBlocked(ctx, other.id);
      expect(await ctx.pool.clientUnblock(other.id)).toBe(true);
      expect(await blocked).toBeNull();
      const failing = other.client.blpop("never", 0).catch((e: unknown) => e);
      await waitBlocked(ctx, other.id);
      expect(await ctx.pool.clientUnblock(other.id, "ERROR")).toBe(true);
      expect(String(await failing)).toMatch(/UNBLOCKED/);
    } finally {
      other.client.disconnect();
    }
  });

  it(
    "memoryUsage, memoryStats, memoryDoctor, memoryMallocStats, memoryPurge and memoryHelp",
    ONE_NODE,
    async () => {
      await ctx.admin.set("k", "x".repeat(1000));
      await ctx.admin.rpush("list", ...Array.from({ length: 100 }, (_, i) => `item-${i}`));
      expect(await ctx.pool.memoryUsage("k")).toBeGreaterThan(1000);
      expect(await ctx.pool.memoryUsage("list", { samples: 0 })).toBeGreaterThan(600);
      expect(await ctx.pool.memoryUsage("missing")).toBeNull();
      const stats = await ctx.pool.memoryStats();
      expect(stats["peak.allocated"]).toBeGreaterThan(0);
      expect(typeof stats.fragmentation).toBe("number");
      expect(stats["db.0"]).toMatchObject({ "overhead.hashtable.main": expect.any(Number) });
      expect(typeof (await ctx.pool.memoryDoctor())).toBe("string");
      expect(typeof (await ctx.pool.memoryMallocStats())).toBe("string");
      expect(await ctx.pool.memoryPurge()).toBe("OK");
      expect((await ctx.pool.memoryHelp()).join("\n")).toMatch(/USAGE/);
      await expect(ctx.pool.memoryUsage("k", { samples: -1 })).rejects.toBeInstanceOf(InvalidArgumentError);
    },
  );
};

async function waitBlocked(ctx: ConformanceContext, id: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const [client] = await ctx.pool.clientList({ ids: [id] });
    if (client?.flags.includes("b")) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`client ${id} never blocked`);
}
