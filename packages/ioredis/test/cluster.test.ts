import { type RedisPool, Registry, ReplyError, Second, type ValidatedRegistry } from "@beeredis/core";
import { type RedisCluster, startCluster } from "@beeredis/testkit";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { tcp } from "../src/index.js";
import { lockStress, semaphoreStress, strictlyIncreasing } from "./fixtures/lock-stress.js";

/** Keys known to sit on different slots (and, with 3 masters, mostly different nodes). */
const KEYS = ["a", "b", "c", "d", "e", "f", "g", "h"];

describe("tcp transport on Redis Cluster (3 masters, 3 replicas)", () => {
  let cluster: RedisCluster;
  let registry: ValidatedRegistry;
  let pool: RedisPool;

  beforeAll(async () => {
    cluster = await startCluster({ masters: 3, replicasPerMaster: 1 });
    registry = await new Registry({ transport: tcp() })
      .registerRedisCluster(cluster.addresses.slice(0, 2))
      .validate({ connect: true });
    pool = registry.createEngine().getRedis();
  });
  afterAll(async () => {
    await registry?.close();
    await cluster?.stop();
  });
  beforeEach(async () => {
    await pool.flushdb();
  });

  it("describes the topology and declares cluster capabilities", () => {
    expect(pool.getPoolConfig().getAddress()).toBe(`cluster(${cluster.addresses.slice(0, 2).join(",")})`);
    expect(pool.getCapabilities()).toMatchObject({ cluster: true, databases: false });
  });

  it("routes single-key commands to their slot's master (MOVED handled by ioredis)", async () => {
    const slots = new Set(await Promise.all(KEYS.map((key) => pool.clusterKeyslot(key))));
    expect(slots.size).toBe(KEYS.length);
    for (const key of KEYS) expect(await pool.set(key, `v-${key}`)).toBe("OK");
    expect(await Promise.all(KEYS.map((key) => pool.get(key)))).toEqual(KEYS.map((key) => `v-${key}`));
    expect(await pool.incr("counter")).toBe(1);
  });

  it("splits MSET, MGET, EXISTS, DEL and UNLINK across slots and merges them in order", async () => {
    expect(await pool.mset(Object.fromEntries(KEYS.map((key) => [key, key.toUpperCase()])))).toBe("OK");
    expect(await pool.mget("h", "missing", ...KEYS.slice(0, 7))).toEqual([
      "H",
      null,
      ...KEYS.slice(0, 7).map((key) => key.toUpperCase()),
    ]);
    expect(await pool.exists(...KEYS, "missing", "a")).toBe(KEYS.length + 1);
    expect(await pool.del("a", "b", "missing")).toBe(2);
    expect(await pool.unlink("c", "d", "e")).toBe(3);
    expect(await pool.dbsize()).toBe(3);
  });

  it("rejects other multi-key commands across slots with a clear CROSSSLOT ReplyError", async () => {
    const error = await pool.sinterstore("dest", "s1", "s2").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplyError);
    expect(error).toMatchObject({ prefix: "CROSSSLOT" });
    expect(await pool.sinterstore("{u}dest", "{u}s1", "{u}s2")).toBe(0);
  });

  it("pipeline() across slots groups per node and returns replies in the caller's order", async () => {
    const batch = pool.pipeline();
    for (const key of KEYS) batch.set(key, key).get(key);
    batch.mget("a", "b").ping().dbsize().incr("a");
    const replies = await batch.exec();
    const expected: unknown[] = KEYS.flatMap((key) => ["OK", key]);
    expect(replies.slice(0, expected.length)).toEqual(expected);
    expect(replies.slice(expected.length, -1)).toEqual([["a", "b"], "PONG", KEYS.length]);
    expect(replies.at(-1)).toBeInstanceOf(ReplyError); // INCR of "a" (not an integer)
  });

  it("multi() across slots rejects with a clear error; within one slot it is atomic", async () => {
    const error = await pool
      .multi()
      .set("a", "1")
      .set("b", "2")
      .exec()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplyError);
    expect((error as Error).message).toMatch(/CROSSSLOT.*multi\(\).*hash tag/);
    expect(await pool.get("a")).toBeNull();
    expect(await pool.multi().set("{u}a", "1").incr("{u}b").get("{u}a").exec()).toEqual(["OK", 1, "1"]);
  });

  it("flushdb, dbsize, keys, scanIterator, scriptLoad and functionLoad cover every master", async () => {
    const many = Array.from({ length: 60 }, (_, i) => `key:${i}`);
    await pool.mset(Object.fromEntries(many.map((key) => [key, "1"])));
    expect(await pool.dbsize()).toBe(60);
    expect((await pool.keys("key:*")).sort()).toEqual([...many].sort());
    const scanned: string[] = [];
    for await (const key of pool.scanIterator({ match: "key:*", count: 7 })) scanned.push(key);
    expect(scanned.sort()).toEqual([...many].sort());

    const sha = await pool.scriptLoad("return redis.call('GET', KEYS[1])");
    for (const key of KEYS) expect(await pool.evalsha(sha, [key], [])).toBeNull();
    expect(await pool.scriptExists(sha)).toEqual([true]);
    await pool.functionLoad(
      "#!lua name=beelib\nredis.register_function('bee', function(keys) return #keys end)",
      {
        replace: true,
      },
    );
    for (const key of KEYS) expect(await pool.fcall("bee", [key], [])).toBe(1);
    expect(await pool.flushdb()).toBe("OK");
    expect(await pool.dbsize()).toBe(0);
  });

  it("rateLimit is exact on the cluster: exactly 5 of 200 concurrent calls pass", async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, () => pool.rateLimit("login_attempt_bee@example.com", 60 * Second, 5)),
    );
    expect(results.filter(Boolean)).toHaveLength(5);
  });

  it("the locker keeps mutual exclusion under contention, with increasing fencing tokens", async () => {
    const locker = pool.getLocker();
    let inside = 0;
    let maxInside = 0;
    const tokens: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        const lock = await locker.obtain("stress", 5 * Second, 20 * Second);
        if (!lock) throw new Error("no lock within the wait timeout");
        tokens.push(Number(lock.fencingToken));
        inside++;
        maxInside = Math.max(maxInside, inside);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inside--;
        expect(await lock.release()).toBe(true);
      }),
    );
    expect(maxInside).toBe(1);
    expect(tokens).toEqual([...tokens].sort((a, b) => a - b));
    expect(new Set(tokens).size).toBe(20);
  });

  it("the locker stress across OS processes: 3 × 8 workers × 50 sections, no overlap, fences strictly increasing", async () => {
    const totals = await lockStress(3, `cluster:${cluster.addresses.join(",")}`, 8, 50);
    expect(totals).toEqual({ done: 1200, overlaps: 0, stale: 0, timeouts: 0, lost: 0 });
    expect(await pool.get("holders")).toBe("0");
    const seen = (await pool.lrange("{resource}:log", 0, -1)).map(Number);
    expect(seen).toHaveLength(1200);
    expect(strictlyIncreasing(seen)).toBe(true);
  }, 60_000);

  it("the semaphore stress across OS processes: 3 × 6 workers × 20 sections on 4 permits, never more held", async () => {
    const totals = await semaphoreStress(3, `cluster:${cluster.addresses.join(",")}`, 6, 20, { permits: 4 });
    expect(totals).toEqual({ done: 360, exceeded: 0, timeouts: 0, lost: 0 });
    expect(await pool.get("{sem}:held")).toBe("0");
  }, 60_000);

  it("blocking commands and WATCH run on a dedicated connection to the key's node", async () => {
    const popped = pool.blpop(["queue"], 5);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await pool.rpush("queue", "job");
    expect(await popped).toEqual({ key: "queue", element: "job" });
    const result = await pool.watch("{acct}balance", async (tx) => {
      const balance = Number((await tx.get("{acct}balance")) ?? 0);
      return tx.multi().set("{acct}balance", String(balance + 10));
    });
    expect(result).toEqual(["OK"]);
    expect(await pool.get("{acct}balance")).toBe("10");
  });

  it("pub/sub and sharded pub/sub work through a node connection", async () => {
    const subscription = pool.subscribe("news");
    await subscription.ready;
    const shard = pool.ssubscribe("{room}chat");
    await shard.ready;
    expect(await pool.publish("news", "hello")).toBeGreaterThanOrEqual(1);
    expect(await pool.spublish("{room}chat", "hi")).toBe(1);
    for await (const message of subscription) {
      expect(message).toMatchObject({ channel: "news", message: "hello" });
      break;
    }
    for await (const message of shard) {
      expect(message).toMatchObject({ channel: "{room}chat", message: "hi" });
      break;
    }
  });
});
