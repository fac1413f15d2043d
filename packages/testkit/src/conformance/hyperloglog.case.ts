import { InvalidArgumentError, ReplyError } from "@beeredis/core";
import { expect } from "vitest";
import type { Cases } from "./context.js";
import { SINGLE_SLOT_KEYS } from "./needs.js";

export const hyperLogLogCases: Cases = (ctx, it) => {
  it("pfadd reports whether the estimate changed; pfcount counts distinct elements", async () => {
    expect(await ctx.pool.pfadd("h", "a", "b", "c")).toBe(true);
    expect(await ctx.pool.pfadd("h", "a", "b")).toBe(false);
    expect(await ctx.pool.pfadd("created")).toBe(true);
    expect(await ctx.pool.pfadd("created")).toBe(false);
    expect(await ctx.pool.pfcount("h")).toBe(3);
    expect(await ctx.pool.pfcount("created")).toBe(0);
    expect(await ctx.pool.pfcount("missing")).toBe(0);
  });

  it(
    "pfcount estimates within the standard error, and of the union for several keys",
    SINGLE_SLOT_KEYS,
    async () => {
      const a = Array.from({ length: 1000 }, (_, i) => `a${i}`);
      const b = Array.from({ length: 1000 }, (_, i) => `${i < 500 ? "a" : "b"}${i}`);
      await ctx.pool.pfadd("x", ...a);
      await ctx.pool.pfadd("y", ...b);
      const union = await ctx.pool.pfcount("x", "y");
      expect(Math.abs(union - 1500) / 1500).toBeLessThan(0.05);
    },
  );

  it("pfmerge stores the union", SINGLE_SLOT_KEYS, async () => {
    await ctx.pool.pfadd("x", "1", "2", "3");
    await ctx.pool.pfadd("y", "3", "4");
    expect(await ctx.pool.pfmerge("merged", "x", "y")).toBe("OK");
    expect(await ctx.pool.pfcount("merged")).toBe(4);
    expect(await ctx.pool.pfmerge("merged")).toBe("OK");
    expect(await ctx.pool.pfcount("merged")).toBe(4);
  });

  it("bad input rejects with InvalidArgumentError; a wrong type gives WRONGTYPE", async () => {
    await expect(ctx.pool.pfcount()).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(ctx.pool.pfadd("k", undefined as never)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(await ctx.admin.exists("k")).toBe(0);
    await ctx.admin.lpush("list", "x");
    const error = await ctx.pool.pfadd("list", "a").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplyError);
    expect((error as ReplyError).prefix).toBe("WRONGTYPE");
    await ctx.admin.set("plain", "not a hyperloglog");
    await expect(ctx.pool.pfcount("plain")).rejects.toMatchObject({ prefix: "WRONGTYPE" });
  });
};
