import { InvalidArgumentError, ReplyError } from "@beeredis/core";
import { expect } from "vitest";
import type { Cases } from "./context.js";
import { SINGLE_SLOT_KEYS } from "./needs.js";
import { withPrivateServer } from "./private-server.js";

export const stringExtraCases: Cases = (ctx, it) => {
  it("getset returns the old value and sets the new one", async () => {
    expect(await ctx.pool.getset("k", "1")).toBeNull();
    expect(await ctx.pool.getset("k", 2)).toBe("1");
    expect(await ctx.admin.get("k")).toBe("2");
  });

  it("substr is getrange by its old name", async () => {
    await ctx.admin.set("s", "This is a string");
    expect(await ctx.pool.substr("s", 0, 3)).toBe("This");
    expect(await ctx.pool.substr("s", -3, -1)).toBe("ing");
    expect(await ctx.pool.substr("missing", 0, 3)).toBe("");
    await expect(ctx.pool.substr("s", 0.5, 3)).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it("lcs, lcsLen and lcsIdx", SINGLE_SLOT_KEYS, async () => {
    await ctx.admin.mset("key1", "ohmytext", "key2", "mynewtext");
    expect(await ctx.pool.lcs("key1", "key2")).toBe("mytext");
    expect(await ctx.pool.lcsLen("key1", "key2")).toBe(6);
    expect(await ctx.pool.lcsIdx("key1", "key2")).toEqual({
      matches: [
        { key1: [4, 7], key2: [5, 8] },
        { key1: [2, 3], key2: [0, 1] },
      ],
      length: 6,
    });
    expect(await ctx.pool.lcsIdx("key1", "key2", { minMatchLen: 4, withMatchLen: true })).toEqual({
      matches: [{ key1: [4, 7], key2: [5, 8], length: 4 }],
      length: 6,
    });
    expect(await ctx.pool.lcs("key1", "missing")).toBe("");
    await expect(ctx.pool.lcsIdx("key1", "key2", { minMatchLen: -1 })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await ctx.admin.lpush("list", "x");
    await expect(ctx.pool.lcs("key1", "list")).rejects.toMatchObject({
      code: "REPLY_ERROR",
      message: /string/,
    });
    await expect(ctx.pool.getset("list", "x")).rejects.toMatchObject({ prefix: "WRONGTYPE" });
  });

  it("scriptHelp, and scriptKill without a running script is NOTBUSY", async () => {
    expect((await ctx.pool.scriptHelp()).join("\n")).toMatch(/KILL/);
    const error = await ctx.pool.scriptKill().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplyError);
    expect((error as ReplyError).prefix).toBe("NOTBUSY");
  });

  it("scriptKill stops a busy script (private server)", async () => {
    await withPrivateServer(ctx, { args: ["--busy-reply-threshold", "50"] }, async ({ pool, admin }) => {
      expect(await pool.ping()).toBe("PONG"); // connect before the server gets busy
      const busy = admin.eval("while true do end", 0).catch((e: unknown) => e);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await pool.scriptKill()).toBe("OK");
      expect(String(await busy)).toMatch(/killed/i);
      expect(await pool.ping()).toBe("PONG");
    });
  });
};
