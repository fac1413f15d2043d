import { Registry, type ValidatedRegistry } from "@beeredis/core";
import { type RedisSentinel, startSentinel } from "@beeredis/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tcp } from "../src/index.js";

async function eventually<T>(check: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe("tcp transport on Redis Sentinel (master, replica, 3 sentinels)", () => {
  let sentinel: RedisSentinel;
  let registry: ValidatedRegistry;

  beforeAll(async () => {
    sentinel = await startSentinel();
    registry = await new Registry({ transport: tcp(), commandTimeout: 1000 })
      .registerRedisSentinel(sentinel.masterName, 2, sentinel.sentinels)
      .validate({ connect: true });
  });
  afterAll(async () => {
    await registry?.close();
    await sentinel?.stop();
  });

  it("describes the topology without secrets and serves the chosen database", async () => {
    const pool = registry.createEngine().getRedis();
    expect(pool.getPoolConfig().getAddress()).toBe(`sentinel(mymaster@${sentinel.sentinels.join(",")})`);
    expect(pool.getPoolConfig().getDatabase()).toBe(2);
    expect(await pool.set("k", "v")).toBe("OK");
    expect(await pool.get("k")).toBe("v");
    expect(String(await pool.call("CLIENT", "INFO"))).toMatch(/ db=2 /);
  });

  it("keeps working after SENTINEL FAILOVER switches the master", async () => {
    const pool = registry.createEngine().getRedis();
    await pool.set("before", "1");
    const old = await sentinel.master();
    const now = await sentinel.failover();
    expect(now).not.toBe(old);
    // The same pool, no restart: once the Sentinels announce the switch, ioredis reconnects to the new master.
    const startedAt = Date.now();
    await eventually(async () => {
      expect(String(await pool.call("INFO", "server"))).toContain(`tcp_port:${now.split(":")[1]}`);
    }, 15_000);
    expect(Date.now() - startedAt).toBeLessThan(15_000);
    expect(await pool.incr("after")).toBe(1);
    expect(await pool.get("before")).toBe("1");
    expect(((await pool.call("ROLE")) as unknown[])[0]).toBe("master");
  }, 60_000);
});
