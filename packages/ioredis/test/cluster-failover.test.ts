import { type Lock, LockLostError, Minute, Registry, Second, type ValidatedRegistry } from "@beeredis/core";
import { type ClusterNode, type RedisCluster, startCluster } from "@beeredis/testkit";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tcp } from "../src/index.js";

/** Polls `check` until it resolves without throwing; resolves to its value. */
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

/** Waits until every replica of `master` acknowledged everything the master has written so far. */
async function replicated(master: ClusterNode): Promise<void> {
  const client = new Redis({ host: master.host, port: master.port });
  try {
    await eventually(async () => {
      const info = await client.info("replication");
      const offset = Number(/master_repl_offset:(\d+)/.exec(info)?.[1]);
      const replicas = [...info.matchAll(/slave\d+:.*offset=(\d+)/g)].map((m) => Number(m[1]));
      if (replicas.length === 0 || replicas.some((o) => o < offset)) throw new Error("replica behind");
    }, 5000);
  } finally {
    client.disconnect();
  }
}

describe("Redis Cluster failover under the tcp transport", () => {
  let cluster: RedisCluster;
  let registry: ValidatedRegistry;

  beforeAll(async () => {
    cluster = await startCluster({ masters: 3, replicasPerMaster: 1 });
    registry = await new Registry({ transport: tcp(), commandTimeout: 1000 })
      .registerRedisCluster(cluster.addresses)
      .validate({ connect: true });
  });
  afterAll(async () => {
    await registry?.close();
    await cluster?.stop();
  });

  it("a killed master's rate-limit state and lock survive on the promoted replica; fencing moves forward", async () => {
    const pool = registry.createEngine().getRedis();
    const lockName = "failover-job";
    const master = await cluster.masterOf(`{lock:${lockName}}`);
    // A rate-limit key on the same master (its Redis key is `rate:{<key>}`).
    let limitKey = "";
    for (let i = 0; !limitKey; i++) {
      if ((await cluster.masterOf(`rl-${i}`)).address === master.address) limitKey = `rl-${i}`;
    }
    expect(await pool.rateLimit(limitKey, Minute, 3)).toBe(true);
    expect(await pool.rateLimit(limitKey, Minute, 3)).toBe(true);

    let release!: () => void;
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    let held!: Lock;
    let signal!: AbortSignal;
    const running = pool.getLocker().withLock(lockName, { ttl: 15 * Second }, async (s, lock) => {
      held = lock;
      signal = s;
      await done;
      return "finished";
    });
    await eventually(async () => expect(held).toBeDefined(), 2000);
    // Asynchronous replication: the state only survives what reached the replica. Wait for it, so the test
    // checks the transport (it follows the failover) rather than a race the README documents.
    await replicated(master);

    const killedAt = Date.now();
    const promoted = await cluster.failover(master);
    expect(promoted.address).not.toBe(master.address);
    // Same process, same registry: commands succeed again once ioredis sees the new slot owner.
    await eventually(() => pool.exists(`rate:{${limitKey}}`).then((n) => expect(n).toBe(1)), 15_000);
    const recoveredMs = Date.now() - killedAt;
    expect(recoveredMs).toBeLessThan(20_000);

    expect(await pool.rateLimit(limitKey, Minute, 3)).toBe(true);
    expect(await pool.rateLimit(limitKey, Minute, 3)).toBe(false);

    // The lock had replicated, so it is still ours on the new master: refresh is true and withLock never aborted.
    // (Had the failover lost it, refresh() would be false and the signal aborted with LockLostError.)
    const stillHeld = await held.refresh(15 * Second);
    if (stillHeld) {
      expect(signal.aborted).toBe(false);
      expect(await held.ttl()).toBeGreaterThan(10 * Second);
    } else {
      await eventually(async () => expect(signal.reason).toBeInstanceOf(LockLostError), 15_000);
    }
    expect(stillHeld).toBe(true);
    release();
    expect(await running).toBe("finished");

    const next = await pool.getLocker().obtain(lockName, 5 * Second, 5 * Second);
    expect(next).not.toBeNull();
    expect(next!.fencingToken).toBeGreaterThan(held.fencingToken);
    expect(await next!.release()).toBe(true);
  }, 60_000);
});
