import { InvalidArgumentError, ReplyError, UnsupportedError } from "@beeredis/core";
import { Redis } from "ioredis";
import { beforeEach, expect } from "vitest";
import type { Cases } from "./context.js";
import { ONE_SERVER } from "./needs.js";
import { waitFor } from "./pubsub/helpers.js";

const LIB = `#!lua name=mylib
redis.register_function{
  function_name = 'getset',
  callback = function(keys, args)
    local old = redis.call('GET', keys[1])
    redis.call('SET', keys[1], args[1])
    return old
  end,
  description = 'sets a key, returns the old value',
}
redis.register_function{
  function_name = 'echoall',
  callback = function(keys, args) return {keys[1], args[1], 42, {1, 'nested'}} end,
  flags = {'no-writes'},
}`;

const OTHER = `#!lua name=other
redis.register_function('one', function() return 1 end)`;

const SPIN = `#!lua name=spin
redis.register_function{
  function_name = 'spin',
  callback = function() while true do end end,
  flags = {'no-writes'},
}`;

export const functionCases: Cases = (ctx, it) => {
  // FLUSHALL keeps libraries: start every test without any.
  beforeEach(async () => {
    await ctx.admin.call("FUNCTION", "FLUSH");
  });

  it("functionLoad resolves to the library name; fcall and fcallRo call its functions", async () => {
    expect(await ctx.pool.functionLoad(LIB)).toBe("mylib");
    await ctx.admin.set("k", "old");
    expect(await ctx.pool.fcall("getset", ["k"], ["new"])).toBe("old");
    expect(await ctx.admin.get("k")).toBe("new");
    expect(await ctx.pool.fcallRo("echoall", ["k"], ["v"])).toEqual(["k", "v", 42, [1, "nested"]]);
    const error = await ctx.pool.fcallRo("getset", ["k"], ["x"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplyError);
    expect(await ctx.admin.get("k")).toBe("new");
    await expect(ctx.pool.fcall("nope")).rejects.toBeInstanceOf(ReplyError);
  });

  it("functionLoad refuses an existing library unless replace is set", async () => {
    await ctx.pool.functionLoad(OTHER);
    await expect(ctx.pool.functionLoad(OTHER)).rejects.toBeInstanceOf(ReplyError);
    expect(await ctx.pool.functionLoad(OTHER.replace("return 1", "return 2"), { replace: true })).toBe(
      "other",
    );
    expect(await ctx.pool.fcall("one")).toBe(2);
  });

  it("functionList describes libraries, filtered by name, with their code on request", async () => {
    await ctx.pool.functionLoad(LIB);
    await ctx.pool.functionLoad(OTHER);
    const all = await ctx.pool.functionList();
    expect(all.map((l) => l.libraryName).sort()).toEqual(["mylib", "other"]);
    const mine = await ctx.pool.functionList({ libraryName: "my*" });
    expect(mine).toHaveLength(1);
    expect(mine[0]!.libraryName).toBe("mylib");
    expect(mine[0]!.engine).toBe("LUA");
    expect(mine[0]!.libraryCode).toBeUndefined();
    const functions = [...mine[0]!.functions].sort((a, b) => a.name.localeCompare(b.name));
    expect(functions).toEqual([
      { name: "echoall", description: null, flags: ["no-writes"] },
      { name: "getset", description: "sets a key, returns the old value", flags: [] },
    ]);
    const [withCode] = await ctx.pool.functionList({ libraryName: "other", withCode: true });
    expect(withCode!.libraryCode).toBe(OTHER);
    expect(await ctx.pool.functionList({ libraryName: "none*" })).toEqual([]);
  });

  it("functionDelete and functionFlush", async () => {
    await ctx.pool.functionLoad(LIB);
    await ctx.pool.functionLoad(OTHER);
    expect(await ctx.pool.functionDelete("other")).toBe("OK");
    await expect(ctx.pool.functionDelete("other")).rejects.toBeInstanceOf(ReplyError);
    expect((await ctx.pool.functionList()).map((l) => l.libraryName)).toEqual(["mylib"]);
    expect(await ctx.pool.functionFlush("ASYNC")).toBe("OK");
    expect(await ctx.pool.functionList()).toEqual([]);
    await ctx.pool.functionLoad(OTHER);
    expect(await ctx.pool.functionFlush("SYNC")).toBe("OK");
    await ctx.pool.functionLoad(OTHER);
    expect(await ctx.pool.functionFlush()).toBe("OK");
    expect(await ctx.pool.functionList()).toEqual([]);
  });

  it("functionDump returns every library as a binary payload", async () => {
    await ctx.pool.functionLoad(LIB);
    const payload = await ctx.pool.functionDump();
    expect(payload).toBeInstanceOf(Uint8Array);
    expect(payload.length).toBeGreaterThan(20);
    const raw = (await ctx.admin.callBuffer("FUNCTION", "DUMP")) as Buffer;
    expect(Array.from(payload)).toEqual(Array.from(raw));
  });

  it("functionRestore restores a dump with each policy", async (test) => {
    await ctx.pool.functionLoad(LIB);
    const payload = await ctx.pool.functionDump();
    await ctx.pool.functionFlush();
    // The payload is binary; a transport that cannot send non-UTF-8 arguments (HTTP) refuses it up front.
    const first = await ctx.pool.functionRestore(payload).catch((e: unknown) => e);
    if (first instanceof UnsupportedError)
      test.skip(`this transport refuses binary arguments: ${first.message}`);
    expect(first).toBe("OK");
    expect(await ctx.pool.fcallRo("echoall", ["a"], ["b"])).toEqual(["a", "b", 42, [1, "nested"]]);
    // APPEND (the default) refuses a clash; REPLACE and FLUSH do not.
    await expect(ctx.pool.functionRestore(payload)).rejects.toBeInstanceOf(ReplyError);
    await expect(ctx.pool.functionRestore(payload, "APPEND")).rejects.toBeInstanceOf(ReplyError);
    expect(await ctx.pool.functionRestore(payload, "REPLACE")).toBe("OK");
    await ctx.pool.functionLoad(OTHER);
    expect(await ctx.pool.functionRestore(payload, "FLUSH")).toBe("OK");
    expect((await ctx.pool.functionList()).map((l) => l.libraryName)).toEqual(["mylib"]);
    await expect(ctx.pool.functionRestore(new Uint8Array([1, 2, 3]))).rejects.toBeInstanceOf(ReplyError);
  });

  it(
    "functionStats reports engines and the running function; functionKill stops it",
    ONE_SERVER,
    async () => {
      await ctx.pool.functionLoad(LIB);
      expect(await ctx.pool.functionStats()).toEqual({
        runningScript: null,
        engines: { LUA: { librariesCount: 1, functionsCount: 2 } },
      });
      const notBusy = await ctx.pool.functionKill().catch((e: unknown) => e);
      expect(notBusy).toBeInstanceOf(ReplyError);
      expect((notBusy as ReplyError).prefix).toBe("NOTBUSY");

      await ctx.pool.functionLoad(SPIN);
      const [, threshold] = (await ctx.admin.config("GET", "busy-reply-threshold")) as string[];
      await ctx.admin.config("SET", "busy-reply-threshold", "50");
      const spinner = new Redis({ host: ctx.server.host, port: ctx.server.port, lazyConnect: true });
      spinner.on("error", () => undefined);
      try {
        const spinning = spinner.fcall("spin", 0).catch((e: unknown) => e);
        let stats = await ctx.pool.functionStats();
        await waitFor("the function to run", async () => {
          stats = await ctx.pool.functionStats();
          return stats.runningScript !== null;
        });
        expect(stats.runningScript!.name).toBe("spin");
        expect(stats.runningScript!.command).toEqual(["fcall", "spin", "0"]);
        expect(stats.runningScript!.durationMs).toBeGreaterThanOrEqual(0);
        expect(await ctx.pool.functionKill()).toBe("OK");
        expect(String(await spinning)).toMatch(/killed/i);
      } finally {
        await ctx.admin.config("SET", "busy-reply-threshold", threshold ?? "5000");
        spinner.disconnect();
      }
    },
  );

  it("functionHelp returns the server's help lines", async () => {
    expect((await ctx.pool.functionHelp()).join("\n")).toMatch(/FUNCTION <subcommand>/);
  });

  it("bad input rejects with InvalidArgumentError and nothing is loaded", async () => {
    const bad: (() => Promise<unknown>)[] = [
      () => ctx.pool.functionLoad(""),
      () => ctx.pool.functionLoad(42 as never),
      () => ctx.pool.functionLoad(OTHER, "REPLACE" as never),
      () => ctx.pool.functionList({ libraryName: "" }),
      () => ctx.pool.functionDelete(""),
      () => ctx.pool.functionFlush("LATER" as never),
      () => ctx.pool.functionRestore("payload" as never),
      () => ctx.pool.functionRestore(new Uint8Array(1), "MERGE" as never),
      () => ctx.pool.fcall(""),
      () => ctx.pool.fcall("one", "k" as never),
      () => ctx.pool.fcallRo("one", [], [undefined as never]),
    ];
    for (const call of bad) await expect(call()).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(await ctx.admin.call("FUNCTION", "LIST")).toEqual([]);
  });
};
