import { ReplyError } from "@beeredis/core";
import { expect } from "vitest";
import type { Cases } from "./context.js";

export const batchCases: Cases = (ctx, it) => {
  it("pipeline returns each result or error in order", async () => {
    await ctx.admin.lpush("list", "x");
    const [set, get, wrong, incr] = await ctx.pool
      .pipeline()
      .set("k", "v")
      .get("k")
      .get("list")
      .incr("n")
      .exec();
    expect(set).toBe("OK");
    expect(get).toBe("v");
    expect(wrong).toBeInstanceOf(ReplyError);
    expect((wrong as ReplyError).prefix).toBe("WRONGTYPE");
    expect(incr).toBe(1);
  });

  it("multi is atomic and returns each result", async () => {
    const results = await ctx.pool.multi().incr("n").incr("n").call("GET", "n").exec();
    expect(results).toEqual([1, 2, "2"]);
  });

  it("an aborted multi rejects and applies nothing", async () => {
    const batch = ctx.pool.multi().set("applied", "1").call("NO-SUCH-COMMAND");
    await expect(batch.exec()).rejects.toMatchObject({ prefix: "EXECABORT" });
    expect(await ctx.admin.exists("applied")).toBe(0);
  });

  it("an empty batch resolves to an empty list", async () => {
    expect(await ctx.pool.pipeline().exec()).toEqual([]);
    expect(await ctx.pool.multi().exec()).toEqual([]);
  });

  it("a bad argument throws when recorded", () => {
    expect(() => ctx.pool.pipeline().set("k", "v", -5)).toThrow(/ttlSeconds/);
  });

  it("many concurrent commands keep their own replies", async () => {
    const values = Array.from({ length: 500 }, (_, i) => `value-${i}`);
    await Promise.all(values.map((v, i) => ctx.pool.set(`c:${i}`, v)));
    expect(await Promise.all(values.map((_, i) => ctx.pool.get(`c:${i}`)))).toEqual(values);
  });
};
