import { ConfigError, TransportError, UnknownPoolError } from "@beeredis/core";
import { expect } from "vitest";
import { startRedis } from "../redis-server.js";
import type { Cases } from "./context.js";
import { SEVERAL_DATABASES } from "./needs.js";

export const registryCases: Cases = (ctx, it) => {
  it("pool config getters describe each pool", SEVERAL_DATABASES, () => {
    const config = ctx.engine.getRedis().getPoolConfig();
    expect(config.getCode()).toBe("default");
    expect(config.getDatabase()).toBe(0);
    expect(config.getAddress()).not.toMatch(/password|secret/i);
    expect(ctx.engine.getRedis("test").getPoolConfig().getDatabase()).toBe(3);
  });

  it("pools on database 0 and 3 are isolated", SEVERAL_DATABASES, async () => {
    const test = ctx.engine.getRedis("test");
    await ctx.pool.set("shared-name", "in-db-0");
    await test.set("shared-name", "in-db-3");
    expect(await ctx.pool.get("shared-name")).toBe("in-db-0");
    expect(await test.get("shared-name")).toBe("in-db-3");
    await test.flushdb();
    expect(await test.get("shared-name")).toBeNull();
    expect(await ctx.pool.get("shared-name")).toBe("in-db-0");
    expect(await ctx.admin.get("shared-name")).toBe("in-db-0");
  });

  it("getRedis of an unknown code throws UnknownPoolError naming the registered codes", () => {
    expect(() => ctx.engine.getRedis("nope")).toThrow(UnknownPoolError);
    expect(() => ctx.engine.getRedis("nope")).toThrow(/"default", "test"/);
  });

  it("engines share the registry's connections", async () => {
    const other = ctx.registry.createEngine();
    await other.getRedis().set("from-other-engine", "1");
    expect(await ctx.pool.get("from-other-engine")).toBe("1");
  });

  it(
    "validate rejects a duplicate code, a bad address and database 16 with ConfigError",
    SEVERAL_DATABASES,
    async () => {
      const duplicate = await ctx.target.createRegistry(ctx.server, [
        { code: "default", db: 0 },
        { code: "default", db: 1 },
      ]);
      await expect(duplicate.validate()).rejects.toThrow(ConfigError);
      await expect(duplicate.validate()).rejects.toThrow(/pool "default".*registered twice/);

      const badAddress = await ctx.target.createRegistry(ctx.server, [{ code: "default", db: 0 }]);
      badAddress.registerRedis("no such:address:here", 0, "broken");
      await expect(badAddress.validate()).rejects.toThrow(/pool "broken"/);

      const db16 = await ctx.target.createRegistry(ctx.server, [{ code: "sixteen", db: 16 }]);
      await expect(db16.validate()).rejects.toThrow(ConfigError);
      await expect(db16.validate()).rejects.toThrow(/pool "sixteen": database 16 is outside 0..15/);
    },
  );

  it("validate does not connect, and a pool connects lazily on first use", async () => {
    const before = await connectedClients(ctx.admin);
    const registry = await (
      await ctx.target.createRegistry(ctx.server, [{ code: "default", db: 0 }])
    ).validate();
    expect(await connectedClients(ctx.admin)).toBe(before);
    await registry.createEngine().getRedis().ping();
    expect(await connectedClients(ctx.admin)).toBeGreaterThan(before);
    await registry.close();
  });

  it("validate({ connect: true }) pings every pool", async () => {
    const registry = await (
      await ctx.target.createRegistry(ctx.server, [{ code: "default", db: 0 }])
    ).validate({
      connect: true,
    });
    expect(await registry.createEngine().getRedis().ping()).toBe("PONG");
    await registry.close();
  });

  it("a stopped server gives TransportError within the command timeout, and validate({ connect }) fails", async () => {
    const server = await startRedis();
    const timeout = 500;
    const registry = await (
      await ctx.target.createRegistry(server, [{ code: "default", db: 0 }], {
        commandTimeout: timeout,
        connectTimeout: timeout,
      })
    ).validate();
    const pool = registry.createEngine().getRedis();
    await pool.set("k", "v");
    await server.stop();
    const started = Date.now();
    await expect(pool.get("k")).rejects.toBeInstanceOf(TransportError);
    // A generous bound that only catches hangs; the timeout itself is the configured 500 ms.
    expect(Date.now() - started).toBeLessThan(timeout + 4000);
    const offline = await ctx.target.createRegistry(server, [{ code: "default", db: 0 }], {
      commandTimeout: timeout,
      connectTimeout: timeout,
    });
    await expect(offline.validate({ connect: true })).rejects.toThrow(ConfigError);
    await registry.close();
  });

  it("close() ends every connection; later commands reject with TransportError", async () => {
    const registry = await (
      await ctx.target.createRegistry(ctx.server, [{ code: "default", db: 0 }])
    ).validate();
    const pool = registry.createEngine().getRedis();
    await pool.ping();
    await registry.close();
    await expect(pool.ping()).rejects.toBeInstanceOf(TransportError);
  });

  it("Symbol.asyncDispose closes the registry", async () => {
    let pool: ReturnType<typeof ctx.engine.getRedis> | undefined;
    {
      await using registry = await (
        await ctx.target.createRegistry(ctx.server, [{ code: "default", db: 0 }])
      ).validate();
      pool = registry.createEngine().getRedis();
      expect(await pool.ping()).toBe("PONG");
    }
    await expect(pool.ping()).rejects.toBeInstanceOf(TransportError);
  });
};

async function connectedClients(admin: { info(section: string): Promise<string> }): Promise<number> {
  const info = await admin.info("clients");
  return Number(/connected_clients:(\d+)/.exec(info)?.[1]);
}
