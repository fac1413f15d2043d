/** `tcp({ maxBlockingMs })`: a bound on blocking commands, declared in the pool's capabilities and kept by core. */
import { InvalidArgumentError, Registry, UnsupportedError, type ValidatedRegistry } from "@beeredis/core";
import { type RedisServer, startRedis } from "@beeredis/testkit";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tcp } from "../src/index.js";

/** How many times the server ran `command` (INFO commandstats). */
async function calls(admin: Redis, command: string): Promise<number> {
  const stats = await admin.info("commandstats");
  return Number(new RegExp(`^cmdstat_${command}:calls=(\\d+)`, "m").exec(stats)?.[1] ?? 0);
}

describe("tcp({ maxBlockingMs })", () => {
  let server: RedisServer;
  let admin: Redis;
  let registry: ValidatedRegistry;

  beforeAll(async () => {
    server = await startRedis();
    admin = new Redis({ host: server.host, port: server.port });
    registry = await new Registry({ transport: tcp({ maxBlockingMs: 200 }) })
      .registerRedis(`${server.host}:${server.port}`, 0)
      .registerRedisCluster([`${server.host}:${server.port}`], "cluster")
      .validate();
  });
  afterAll(async () => {
    await registry.close();
    admin.disconnect();
    await server.stop();
  });

  it("is declared in the pool's capabilities, for standalone and cluster pools alike", () => {
    const engine = registry.createEngine();
    expect(engine.getRedis().getCapabilities()).toMatchObject({ maxBlockingMs: 200, cluster: false });
    expect(engine.getRedis("cluster").getCapabilities()).toMatchObject({ maxBlockingMs: 200, cluster: true });
    expect(tcp().capabilities.maxBlockingMs).toBe(Number.POSITIVE_INFINITY);
  });

  it("a longer block, or one for ever, rejects with UnsupportedError before anything is sent", async () => {
    const pool = registry.createEngine().getRedis();
    await pool.ping();
    const before = await calls(admin, "blpop");
    await expect(pool.blpop("queue", 0)).rejects.toThrow(UnsupportedError);
    await expect(pool.blpop("queue", 1)).rejects.toThrow(/BLPOP may block for 1000 ms/);
    await expect(pool.call("BLPOP", "queue", "5")).rejects.toThrow(UnsupportedError);
    await expect(pool.xread({ stream: "$" }, { block: 201 })).rejects.toThrow(UnsupportedError);
    expect(await calls(admin, "blpop")).toBe(before);
    expect(await pool.blpop("queue", 0.05)).toBeNull(); // within the bound: sent, and times out as asked
    expect(await calls(admin, "blpop")).toBe(before + 1);
  });

  it("a pipeline's refusal names its blocking command, not the first one queued", async () => {
    const pool = registry.createEngine().getRedis();
    const pipeline = pool.pipeline().get("a").blpop("queue", 0.05).brpop("queue", 2).get("b");
    await expect(pipeline.exec()).rejects.toThrow(/^BRPOP may block for 2000 ms/);
  });

  it("refuses a bound that is not a number of ms >= 0", () => {
    for (const bad of [-1, Number.NaN, "5000", null]) {
      expect(() => tcp({ maxBlockingMs: bad as never })).toThrow(InvalidArgumentError);
    }
    expect(tcp({ maxBlockingMs: 0 }).capabilities.maxBlockingMs).toBe(0);
  });
});
