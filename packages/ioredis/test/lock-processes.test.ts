import { Registry, type ValidatedRegistry } from "@beeredis/core";
import { type RedisServer, startRedis } from "@beeredis/testkit";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tcp } from "../src/index.js";
import { expectBuilt, startWorker } from "./fixtures/lock-children.js";
import { type Address, lockProcessCases } from "./fixtures/lock-process-cases.js";
import { lockStress, semaphoreStress, strictlyIncreasing } from "./fixtures/lock-stress.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("locker across OS processes (tcp)", () => {
  let server: RedisServer;
  let admin: Redis;
  let registry: ValidatedRegistry;

  beforeAll(async () => {
    expectBuilt();
    server = await startRedis();
    admin = new Redis({ host: server.host, port: server.port });
    registry = await new Registry({ transport: tcp() })
      .registerRedis(`${server.host}:${server.port}`, 0)
      .validate();
  });
  afterAll(async () => {
    await registry?.close();
    admin?.disconnect();
    await server?.stop();
  });

  it("3 processes × 8 workers × 50 critical sections: never two holders, fencing tokens strictly increasing", async () => {
    const totals = await lockStress(3, server.port, 8, 50);
    expect(totals).toEqual({ done: 1200, overlaps: 0, stale: 0, timeouts: 0, lost: 0 });
    expect(await admin.get("holders")).toBe("0");
    const seen = (await admin.lrange("{resource}:log", 0, -1)).map(Number);
    expect(seen).toHaveLength(1200);
    expect(strictlyIncreasing(seen)).toBe(true);
    expect(await admin.exists("{lock:stress}", "{lock:stress}:queue")).toBe(0);
  }, 60_000);

  it("semaphore across 3 processes × 6 workers × 20 sections, 1 or 2 permits each: never more than 4 held", async () => {
    const totals = await semaphoreStress(3, server.port, 6, 20, { permits: 4, count: 1 });
    const wide = await semaphoreStress(2, server.port, 4, 10, { permits: 4, count: 2 });
    expect(totals).toEqual({ done: 360, exceeded: 0, timeouts: 0, lost: 0 });
    expect(wide).toEqual({ done: 80, exceeded: 0, timeouts: 0, lost: 0 });
    expect(await admin.get("{sem}:held")).toBe("0");
    expect(await admin.exists("{lock:stress}:sem", "{lock:stress}:sem:queue")).toBe(0);
  }, 60_000);

  it("a waiter process killed with SIGKILL is skipped; the next live waiter gets the lock", async () => {
    const locker = registry.createEngine().getRedis().getLocker({ heartbeat: 200 });
    const holder = await locker.obtain("k", 60_000);
    const child = startWorker("wait", [String(server.port)], "k", "heartbeat=200", "ttl=60000", "wait=60000");
    while ((await admin.llen("{lock:k}:queue")) < 1) await sleep(10);
    const live = locker.obtain("k", 60_000, 10_000);
    while ((await admin.llen("{lock:k}:queue")) < 2) await sleep(10);
    child.child.kill("SIGKILL");
    expect(await child.ended).toBe("SIGKILL");
    await sleep(800); // the dead waiter misses three heartbeats
    expect(await holder!.release()).toBe(true);
    const next = await live;
    expect(next).not.toBeNull();
    expect(await admin.get("{lock:k}")).toBe(next!.token);
    expect(await admin.exists("{lock:k}:queue")).toBe(0);
    await next!.release();
  });

  it("a release wakes the next waiter at once, not on its next poll", async () => {
    const pool = registry.createEngine().getRedis();
    const locker = pool.getLocker({ heartbeat: 30_000 }); // a poll would come 30 s later
    const holder = await locker.obtain("k", 60_000);
    const xreads = Number(/cmdstat_xread:calls=(\d+)/.exec(await admin.info("commandstats"))?.[1] ?? 0);
    const waiting = locker.obtain("k", 60_000, 60_000).then((lock) => ({ lock, at: performance.now() }));
    while ((await admin.llen("{lock:k}:queue")) < 1) await sleep(5);
    await sleep(50);
    const released = performance.now();
    await holder!.release();
    const { lock, at } = await waiting;
    expect(lock).not.toBeNull();
    expect(at - released).toBeLessThan(5000); // only catches a hang; the bench measures the real latency
    const after = Number(/cmdstat_xread:calls=(\d+)/.exec(await admin.info("commandstats"))?.[1] ?? 0);
    expect(after - xreads).toBe(1); // one blocked read, woken by the release
    await lock!.release();
  });
});

const registries: ValidatedRegistry[] = [];
lockProcessCases({
  name: "tcp",
  workerTarget: async (address: Address) => [String(address.port)],
  async locker(address) {
    const registry = await new Registry({ transport: tcp() })
      .registerRedis(`${address.host}:${address.port}`, 0)
      .validate();
    registries.push(registry);
    return registry.createEngine().getRedis().getLocker();
  },
  close: async () => {
    await Promise.all(registries.splice(0).map((registry) => registry.close()));
  },
});
