import { InvalidArgumentError, Script } from "@beeredis/core";
import { expect } from "vitest";
import { callsIn } from "./commandstats.js";
import type { Cases } from "./context.js";
import { ONE_SERVER } from "./needs.js";

const LUA = "return {KEYS[1], ARGV[1], tonumber(ARGV[2]) + 1}";

export const scriptingCases: Cases = (ctx, it) => {
  it("eval and evalRo return decoded replies", async () => {
    expect(await ctx.pool.eval(LUA, ["k"], ["a", 41])).toEqual(["k", "a", 42]);
    await ctx.admin.set("k", "v");
    expect(await ctx.pool.evalRo("return redis.call('GET', KEYS[1])", ["k"])).toBe("v");
    expect(await ctx.pool.eval("return nil")).toBeNull();
  });

  it("scriptLoad, scriptExists, evalsha, evalshaRo and scriptFlush", async () => {
    const sha = await ctx.pool.scriptLoad(LUA);
    expect(sha).toBe(await new Script(LUA).sha());
    expect(await ctx.pool.scriptExists(sha, "0".repeat(40))).toEqual([true, false]);
    expect(await ctx.pool.evalsha(sha, ["x"], ["y", 1])).toEqual(["x", "y", 2]);
    const roSha = await ctx.pool.scriptLoad("return ARGV[1]");
    expect(await ctx.pool.evalshaRo(roSha, [], ["ro"])).toBe("ro");
    expect(await ctx.pool.scriptFlush()).toBe("OK");
    expect(await ctx.pool.scriptExists(sha)).toEqual([false]);
    await expect(ctx.pool.evalsha(sha)).rejects.toMatchObject({ prefix: "NOSCRIPT" });
  });

  it("script() falls back to EVAL on NOSCRIPT, then uses EVALSHA", ONE_SERVER, async () => {
    const script = new Script("return 'from-script-' .. ARGV[1]");
    await ctx.admin.script("FLUSH");
    expect(await ctx.pool.script(script, [], ["1"])).toBe("from-script-1");
    const before = await ctx.admin.info("commandstats");
    expect(await ctx.pool.script(script.lua, [], ["2"])).toBe("from-script-2");
    const after = await ctx.admin.info("commandstats");
    expect(callsIn(after, "evalsha")).toBe(callsIn(before, "evalsha") + 1);
    expect(callsIn(after, "eval")).toBe(callsIn(before, "eval"));
  });

  it("a Script with a key count and a decoder: another count is refused before sending; results come typed", async () => {
    const incrBy = new Script("return redis.call('INCRBY', KEYS[1], ARGV[1])", {
      keys: 1,
      decode: (reply) => ({ total: Number(reply) }),
    });
    expect(await ctx.pool.script(incrBy, ["n"], [5])).toEqual({ total: 5 });
    await expect(ctx.pool.script(incrBy, ["n", "m"], [1])).rejects.toThrow(InvalidArgumentError);
    await expect(ctx.pool.script(incrBy, [], [1])).rejects.toThrow(InvalidArgumentError);
    await expect(ctx.pool.script(42 as never)).rejects.toThrow(InvalidArgumentError);
    expect(await ctx.admin.get("n")).toBe("5");
    expect(() => new Script("return 1", { sha: "not-a-sha" })).toThrow(InvalidArgumentError);
    expect(() => new Script("return 1", { keys: -1 })).toThrow(InvalidArgumentError);
  });

  it("a Lua error is a ReplyError", async () => {
    await expect(ctx.pool.eval("return redis.error_reply('MYERR custom failure')")).rejects.toMatchObject({
      prefix: "MYERR",
    });
  });
};
