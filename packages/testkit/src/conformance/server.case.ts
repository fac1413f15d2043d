import { expect } from "vitest";
import type { Cases } from "./context.js";

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

  it("flushdb empties the pool's database only; flushall empties every database", async () => {
    const test = ctx.engine.getRedis("test");
    await ctx.pool.set("k", "0");
    await test.set("k", "3");
    expect(await test.flushdb()).toBe("OK");
    expect(await ctx.pool.get("k")).toBe("0");
    await test.set("k", "3");
    expect(await ctx.pool.flushall("SYNC")).toBe("OK");
    expect(await ctx.pool.get("k")).toBeNull();
    expect(await test.get("k")).toBeNull();
  });
};
