import { InvalidArgumentError, ReplyError } from "@beeredis/core";
import { expect } from "vitest";
import { commandCalls } from "./commandstats.js";
import type { Cases } from "./context.js";
import { ONE_SERVER } from "./needs.js";

/** Argument counts the server's command table rules out, with the commandstats name of each. */
const WRONG: readonly [string, string[], string][] = [
  ["GET", [], "get"],
  ["GET", ["a", "b"], "get"],
  ["SET", ["k"], "set"],
  ["DEL", [], "del"],
  ["GEOADD", ["k", "1", "2"], "geoadd"],
  ["CONFIG", [], "config"],
  ["CONFIG", ["GET"], "config|get"],
  ["OBJECT", ["ENCODING"], "object|encoding"],
  ["OBJECT", ["encoding", "a", "b"], "object|encoding"],
  ["CLIENT", ["ID", "extra"], "client|id"],
  ["BITOP", ["AND", "dest"], "bitop"],
];

export const callCases: Cases = (ctx, it) => {
  it("call with an argument count the command table rules out rejects before sending", async () => {
    await ctx.pool.ping();
    const before = await commandCalls(ctx.admin);
    for (const [name, args] of WRONG) {
      const error = await ctx.pool.call(name, ...args).catch((e: unknown) => e);
      expect(error, `${name} ${args.join(" ")}`).toBeInstanceOf(InvalidArgumentError);
      expect((error as Error).message).toMatch(/takes (exactly|at least) \d+ arguments?, got \d+/);
      await expect(ctx.pool.callBytes(name, ...args)).rejects.toBeInstanceOf(InvalidArgumentError);
      expect(() => ctx.pool.pipeline().call(name, ...args)).toThrow(InvalidArgumentError);
      expect(() => ctx.pool.multi().call(name, ...args)).toThrow(InvalidArgumentError);
    }
    const after = await commandCalls(ctx.admin);
    for (const [, , stat] of WRONG) expect(after[stat] ?? 0, stat).toBe(before[stat] ?? 0);
    expect(after.exec ?? 0).toBe(before.exec ?? 0);
  });

  it("call with a right argument count is sent and answered", ONE_SERVER, async () => {
    expect(await ctx.pool.call("SET", "k", "v", "EX", 100)).toBe("OK");
    expect(await ctx.pool.call("get", "k")).toBe("v");
    expect(await ctx.pool.call("OBJECT", "ENCODING", "k")).toBe("embstr");
    expect(await ctx.pool.call("CONFIG", "GET", "port")).toEqual(["port", String(ctx.server.port)]);
    expect(await ctx.pool.call("GEOADD", "g", "13.361389", "38.115556", "Palermo")).toBe(1);
    expect(await ctx.pool.call("DEL", "k", "g", "missing")).toBe(2);
    expect(await ctx.pool.pipeline().call("PING").call("ECHO", "x").exec()).toEqual(["PONG", "x"]);
  });

  it("a command the table does not know still goes to the server, which answers with a ReplyError", async () => {
    const before = await commandCalls(ctx.admin);
    const error = await ctx.pool.call("NOSUCHCOMMAND", "a").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplyError);
    expect((error as Error).message).toMatch(/unknown command/);
    const sub = await ctx.pool.call("CONFIG", "NOSUCHSUB").catch((e: unknown) => e);
    expect(sub).toBeInstanceOf(ReplyError);
    expect((sub as Error).message).toMatch(/unknown subcommand/i);
    // Above its minimum, a variable-arity command is the server's to judge.
    await expect(ctx.pool.call("PING", "a", "b")).rejects.toBeInstanceOf(ReplyError);
    const after = await commandCalls(ctx.admin);
    expect(after.ping ?? 0).toBeGreaterThan(before.ping ?? 0);
  });
};
