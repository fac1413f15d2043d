/**
 * Reliability under faults (issue 10): a real redis-server, a fault proxy between it and the pools, and small
 * timeouts. Every scenario ends in a typed error or a correct result, never a hang or an unhandled rejection.
 * The gateway's behaviour with Redis down is covered by packages/gateway/test/resilience.test.ts.
 */
import { type RedisPool, Registry, ReplyError, TransportError, type ValidatedRegistry } from "@beeredis/core";
import {
  captureOutput,
  eventually,
  type FaultProxy,
  type RedisServer,
  rejection,
  startFaultProxy,
  startRedis,
  unhandledRejections,
} from "@beeredis/testkit";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { tcp } from "../src/index.js";

const COMMAND_TIMEOUT = 500;
/** Only there to catch hangs: a call must settle well within its timeout plus this. */
const SLACK = 3000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const unhandled = unhandledRejections();

describe("faults (tcp)", () => {
  let server: RedisServer;
  let proxy: FaultProxy;
  let admin: Redis;
  const registries: ValidatedRegistry[] = [];

  /** A pool with small timeouts, through the proxy unless `address` says otherwise. */
  async function pool(address = `${proxy.host}:${proxy.port}`): Promise<RedisPool> {
    const registry = await new Registry({ transport: tcp(), commandTimeout: COMMAND_TIMEOUT })
      .registerRedis(address, 0, "default", { connectTimeout: COMMAND_TIMEOUT })
      .validate();
    registries.push(registry);
    return registry.createEngine().getRedis();
  }

  beforeAll(async () => {
    unhandled.start();
    server = await startRedis();
    proxy = await startFaultProxy({ target: server });
    admin = new Redis({ host: server.host, port: server.port });
  });
  afterEach(async () => {
    proxy.heal();
    await Promise.all(registries.splice(0).map((registry) => registry.close()));
    await admin.flushall();
    await sleep(20); // let late rejections surface
    expect(unhandled.reasons).toEqual([]);
  });
  afterAll(async () => {
    unhandled.stop();
    admin?.disconnect();
    await proxy?.close();
    await server?.stop();
  });

  it("blackhole mid-command: 20 pending GETs reject with TransportError within their timeout; after heal every reply is right", async () => {
    const redis = await pool();
    expect(await redis.set("k", "v")).toBe("OK");
    proxy.blackhole();
    const output = captureOutput();
    const started = Date.now();
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => redis.get(`k${i}`)));
    expect(Date.now() - started).toBeLessThan(COMMAND_TIMEOUT + SLACK);
    await sleep(20); // process warnings are emitted on a later tick
    output.stop();
    // The 20 timeouts drop the connection once, not once each (that piled listeners on the closing socket).
    expect(output.texts().filter((text) => text.includes("MaxListenersExceededWarning"))).toEqual([]);
    for (const result of results) {
      expect(result.status).toBe("rejected");
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(TransportError);
    }
    proxy.heal();
    // The lost commands never get replies: the pool must not hand later replies to the wrong command.
    expect(await eventually(() => redis.echo("after-heal"))).toBe("after-heal");
    const values = await Promise.all(Array.from({ length: 10 }, (_, i) => redis.echo(`value-${i}`)));
    expect(values).toEqual(Array.from({ length: 10 }, (_, i) => `value-${i}`));
    expect(await redis.get("k")).toBe("v");
  });

  it("reset during a pipeline: the batch rejects with TransportError, or each command does", async () => {
    const redis = await pool();
    expect(await redis.ping()).toBe("PONG");
    proxy.latency(200);
    const batch = redis.pipeline();
    for (let i = 0; i < 50; i++) batch.incr(`p${i}`);
    const pending = batch.exec().then(
      (results) => results as unknown[],
      (error: unknown) => error,
    );
    await sleep(100);
    proxy.reset();
    const outcome = await pending;
    if (Array.isArray(outcome)) for (const result of outcome) expect(result).toBeInstanceOf(TransportError);
    else expect(outcome).toBeInstanceOf(TransportError);
    proxy.heal();
    expect(await eventually(() => redis.incr("after"))).toBe(1);
  });

  it.each([
    ["before it reaches the server", 100],
    ["while its reply is on the way back", 300],
  ])(
    "reset during a multi %s: it rejects with TransportError and is never half-applied",
    async (_, resetAfterMs) => {
      const redis = await pool();
      expect(await redis.ping()).toBe("PONG");
      proxy.latency(200);
      const pending = rejection(
        redis.multi().set("m1", "1").set("m2", "2").incr("m3").lpush("m4", "x").exec(),
      );
      await sleep(resetAfterMs);
      proxy.reset();
      expect(await pending).toBeInstanceOf(TransportError);
      const applied = await admin.exists("m1", "m2", "m3", "m4");
      expect([0, 4]).toContain(applied);
      proxy.heal();
      expect(await eventually(() => redis.set("after", "ok"))).toBe("OK");
    },
  );

  it("an outage: commands fail fast without being sent, and flow again by themselves once healed, in their database", async () => {
    const registry = await new Registry({ transport: tcp(), commandTimeout: 5000 })
      .registerRedis(`${proxy.host}:${proxy.port}`, 3)
      .validate();
    registries.push(registry);
    const redis = registry.createEngine().getRedis();
    expect(await redis.set("k", "v")).toBe("OK");
    proxy.refuse();
    proxy.reset();
    expect(await rejection(redis.get("k"))).toBeInstanceOf(TransportError); // the connection was lost
    const refused = (await rejection(redis.get("k"))) as TransportError; // a reconnect attempt failed
    expect(refused).toMatchObject({ unreachable: true, sent: false });
    // The pool now knows: the next command is refused at once, unsent, naming the pool, address and cause.
    const fast = (await rejection(redis.incr("n"))) as TransportError;
    expect(fast).toMatchObject({ unreachable: true, sent: false });
    expect(fast.message).toContain(`Redis pool "default" (${proxy.host}:${proxy.port})`);
    expect(fast.message).toContain(refused.reason);
    proxy.heal();
    // The background probe notices the server's return; nothing refused meanwhile ran, so INCR counts once.
    expect(await eventually(() => redis.incr("n"))).toBe(1);
    const [, [, inDb3]] = (await admin.multi().select(3).get("n").select(0).exec()) as [
      unknown,
      [null, string],
    ];
    expect(inDb3).toBe("1");
    expect(await admin.exists("n")).toBe(0);
  });

  it("redis restart: the pool reconnects by itself", async () => {
    const redis = await pool();
    expect(await redis.set("k", "v")).toBe("OK");
    await server.restart();
    expect(await eventually(() => redis.set("k", "again"))).toBe("OK");
    expect(await redis.get("k")).toBe("again");
    expect(await admin.get("k")).toBe("again");
  });

  it("CLIENT KILL of the pool's connections: the pool recovers", async () => {
    const redis = await pool();
    expect(await redis.set("k", "v")).toBe("OK");
    const killed = Number(await admin.call("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes"));
    expect(killed).toBeGreaterThan(0);
    expect(await eventually(() => redis.get("k"))).toBe("v");
    expect(await redis.incr("n")).toBe(1);
  });

  it("a slow server (DEBUG SLEEP 1): the call times out with TransportError, and the connection works after", async () => {
    const redis = await pool();
    expect(await redis.set("k", "v")).toBe("OK");
    const sleeping = admin.call("DEBUG", "SLEEP", "1");
    await sleep(50);
    const started = Date.now();
    const timeout = await rejection(redis.get("k"));
    expect(timeout).toBeInstanceOf(TransportError);
    expect((timeout as TransportError).timedOut).toBe(true); // told by its flag, not its text
    expect(Date.now() - started).toBeLessThan(COMMAND_TIMEOUT + SLACK);
    await sleeping;
    expect(await redis.get("k")).toBe("v");
    expect(await redis.set("k2", "v2")).toBe("OK");
    expect(await redis.get("k2")).toBe("v2");
  });

  it("a slow server: a pipeline and a transaction time out with TransportError, and the connection works after", async () => {
    const redis = await pool();
    expect(await redis.set("k", "v")).toBe("OK");
    for (const batch of [redis.pipeline(), redis.multi()]) {
      const sleeping = admin.call("DEBUG", "SLEEP", "1");
      await sleep(50);
      const started = Date.now();
      const timeout = await rejection(batch.get("k").incr("n").exec());
      expect(timeout).toBeInstanceOf(TransportError);
      expect((timeout as TransportError).timedOut).toBe(true);
      expect(Date.now() - started).toBeLessThan(COMMAND_TIMEOUT + SLACK);
      await sleeping;
      // The late replies of the timed-out batch must not reach later commands.
      expect(await eventually(() => redis.get("k"))).toBe("v");
      expect(await redis.echo("after")).toBe("after");
    }
  });

  it("timeouts on a busy connection: a command sent long after the first still gets its own full timeout", async () => {
    const redis = await pool();
    expect(await redis.set("k", "v")).toBe("OK");
    // Replies keep coming for 2 command timeouts: each command's deadline is its own, not the oldest one's.
    const until = Date.now() + 2 * COMMAND_TIMEOUT;
    let served = 0;
    while (Date.now() < until) {
      expect(await redis.get("k")).toBe("v");
      served++;
    }
    expect(served).toBeGreaterThan(10);
  });

  it("memory full (maxmemory 1mb, noeviction): writes get ReplyError OOM, reads still work", async () => {
    const full = await startRedis({ args: ["--maxmemory-policy", "noeviction"] });
    const direct = new Redis({ host: full.host, port: full.port });
    try {
      await direct.set("keep", "kept");
      await direct.config("SET", "maxmemory", "1mb");
      const value = "x".repeat(16 * 1024);
      for (let i = 0; i < 1000; i++) {
        const ok = await direct.set(`fill:${i}`, value).then(
          () => true,
          () => false,
        );
        if (!ok) break;
      }
      const redis = await pool(`${full.host}:${full.port}`);
      const error = await rejection(redis.set("more", value));
      expect(error).toBeInstanceOf(ReplyError);
      expect((error as ReplyError).prefix).toBe("OOM");
      expect(await redis.get("keep")).toBe("kept");
    } finally {
      direct.disconnect();
      await full.stop();
    }
  });

  describe("the rate limiter during an outage (connections reset and refused)", () => {
    async function outage() {
      const redis = await pool();
      expect(await redis.ping()).toBe("PONG");
      proxy.refuse();
      proxy.reset();
      return redis;
    }

    it('onError "throw" rejects with TransportError', async () => {
      const redis = await outage();
      const limiter = redis.rateLimiter({ limit: 5, window: "1m", onError: "throw" });
      expect(await rejection(limiter.limit("user"))).toBeInstanceOf(TransportError);
    });

    it('onError "allow" fails open, "deny" fails closed, both with source "on-error"', async () => {
      const redis = await outage();
      const open = await redis.rateLimiter({ limit: 5, window: "1m", onError: "allow" }).limit("user");
      expect(open).toMatchObject({ allowed: true, source: "on-error" });
      expect(open.error).toBeInstanceOf(TransportError);
      const closed = await redis.rateLimiter({ limit: 5, window: "1m", onError: "deny" }).limit("user");
      expect(closed).toMatchObject({ allowed: false, source: "on-error" });
    });

    it("after heal, exactly `limit` of 20 concurrent calls are allowed", async () => {
      const redis = await outage();
      const limiter = redis.rateLimiter({ limit: 5, window: "1m", onError: "allow" });
      expect((await limiter.limit("user")).source).toBe("on-error");
      proxy.heal();
      await eventually(() => redis.ping());
      const results = await Promise.all(Array.from({ length: 20 }, () => limiter.limit("fresh")));
      expect(results.every((result) => result.source === "redis")).toBe(true);
      expect(results.filter((result) => result.allowed)).toHaveLength(5);
    });
  });

  it("a lock holder's connection blackholed: the lock expires, another takes it with a higher fence, refresh() is false after heal", async () => {
    const holder = await pool();
    const other = await pool(`${server.host}:${server.port}`);
    const lock = await holder.getLocker().obtain("job", 1000, 0);
    expect(lock).not.toBeNull();
    proxy.blackhole();
    expect(await other.getLocker().obtain("job", 5000, 0)).toBeNull();
    const next = await other.getLocker().obtain("job", 5000, 3000);
    expect(next).not.toBeNull();
    expect(next!.fencingToken).toBeGreaterThan(lock!.fencingToken);
    proxy.heal();
    expect(await lock!.refresh(1000)).toBe(false);
    expect(await next!.release()).toBe(true);
  });

  it("a lock handed over on a slow link: the waiter is never inside while another client holds the lock", async () => {
    const waiter = await pool();
    const other = await pool(`${server.host}:${server.port}`);
    const first = await other.getLocker().obtain("job", 10_000);
    const inside: { from: number; until?: number }[] = [];
    const waiting = waiter
      .getLocker()
      .withLock("job", { ttl: 1000, wait: 3000 }, async (signal) => {
        const visit: { from: number; until?: number } = { from: performance.now() };
        inside.push(visit);
        // Stay inside until told to stop, or 1.5 s (once it got the lock fairly, after `next`).
        await new Promise((resolve) => {
          signal.addEventListener("abort", resolve, { once: true });
          setTimeout(resolve, 1500);
        });
        if (signal.aborted) visit.until = performance.now();
      })
      .catch((error: unknown) => error);
    await sleep(200); // queued, blocked on its wake-up
    proxy.latency(800); // the hand-off reaches it late: its 1 s ttl starts before it knows
    await first!.release();
    const next = await other.getLocker().obtain("job", 10_000, 5000);
    const nextAt = performance.now();
    expect(next).not.toBeNull();
    proxy.heal();
    await next!.release();
    await waiting;
    // Either it never got in before `next`, or it was told to stop before `next` got in.
    for (const visit of inside) {
      if (visit.from < nextAt) expect(visit.until ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(nextAt);
    }
  });
});
