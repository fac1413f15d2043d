/**
 * Reliability under faults over HTTP (issue 10): http() -> fault proxy -> gateway -> redis-server, and a second
 * proxy between the gateway and Redis. Every scenario ends in a typed error or a correct result within a bound,
 * with no unhandled rejection. The gateway with Redis down is covered by packages/gateway/test/resilience.test.ts.
 */
import { type RedisPool, Registry, TransportError, type ValidatedRegistry } from "@beeredis/core";
import { createGateway, type Gateway } from "@beeredis/gateway";
import { tcp } from "@beeredis/ioredis";
import {
  eventually,
  type FaultProxy,
  freePort,
  type RedisServer,
  rejection,
  startFaultProxy,
  startRedis,
  unhandledRejections,
  waitFor,
} from "@beeredis/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type HttpOptions, http } from "../src/index.js";

const TOKEN = "faults-token";
const COMMAND_TIMEOUT = 500;
/** Only there to catch hangs: a call must settle well within its timeout plus this. */
const SLACK = 3000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const unhandled = unhandledRejections();

describe("faults (http)", () => {
  let server: RedisServer;
  let adminRegistry: ValidatedRegistry;
  /** A direct TCP pool, to see what Redis really holds. */
  let admin: RedisPool;
  let gateway: Gateway;
  let proxy: FaultProxy;
  const registries: ValidatedRegistry[] = [];
  const gateways: Gateway[] = [];
  const proxies: FaultProxy[] = [];

  /** A pool on `url` (the proxy in front of the gateway by default), with a small command timeout by default. */
  async function pool(
    url = `http://${proxy.host}:${proxy.port}`,
    options: HttpOptions = {},
    commandTimeout = COMMAND_TIMEOUT,
  ): Promise<RedisPool> {
    const registry = await new Registry({ transport: http({ token: TOKEN, ...options }), commandTimeout })
      .registerRedis(url, 0)
      .validate();
    registries.push(registry);
    return registry.createEngine().getRedis();
  }

  /** A gateway on `options.redis` (Redis itself by default), closed after the test. */
  async function startGateway(
    options: { redis?: string; port?: number; commandTimeout?: number } = {},
  ): Promise<Gateway> {
    const started = await createGateway({
      redis: options.redis ?? server.url,
      tokens: [{ token: TOKEN }],
      port: options.port ?? 0,
      ...(options.commandTimeout ? { commandTimeout: options.commandTimeout, requestTimeout: 1500 } : {}),
    });
    gateways.push(started);
    return started;
  }

  beforeAll(async () => {
    unhandled.start();
    server = await startRedis();
    adminRegistry = await new Registry({ transport: tcp() }).registerRedis(server.url, 0).validate();
    admin = adminRegistry.createEngine().getRedis();
    gateway = await createGateway({ redis: server.url, tokens: [{ token: TOKEN }], port: 0 });
    proxy = await startFaultProxy({ target: gateway });
  });
  afterEach(async () => {
    proxy.heal();
    await Promise.all(registries.splice(0).map((registry) => registry.close()));
    await Promise.all(gateways.splice(0).map((g) => g.close()));
    await Promise.all(proxies.splice(0).map((p) => p.close()));
    await admin.flushall();
    await sleep(20); // let late rejections surface
    expect(unhandled.reasons).toEqual([]);
  });
  afterAll(async () => {
    unhandled.stop();
    await adminRegistry?.close();
    await proxy?.close();
    await gateway?.close();
    await server?.stop();
  });

  it("latency: every command, pipeline and transaction gets its own right result", async () => {
    const redis = await pool(undefined, {}, 5000); // this one is about results, not timeouts
    proxy.latency(150);
    const started = Date.now();
    const [set, incr, get, batch, multi] = await Promise.all([
      redis.set("k", "v"),
      redis.incr("n"),
      redis.get("k"),
      redis.pipeline().incr("p").incr("p").exec(),
      redis.multi().set("m", "1").get("m").exec(),
    ]);
    expect([set, incr, get, batch, multi]).toEqual(["OK", 1, "v", [1, 2], ["OK", "1"]]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300); // there and back
  });

  it("blackhole: pending calls reject with TransportError within the command timeout; after heal the same engine works", async () => {
    const redis = await pool();
    expect(await redis.set("k", "v")).toBe("OK");
    proxy.blackhole();
    const started = Date.now();
    const results = await Promise.allSettled([
      ...Array.from({ length: 10 }, (_, i) => redis.get(`k${i}`)), // one auto-pipelined request
      redis.pipeline().get("k").exec(),
      redis.multi().incr("n").exec(),
    ]);
    expect(Date.now() - started).toBeLessThan(COMMAND_TIMEOUT + SLACK);
    for (const result of results) {
      expect(result.status).toBe("rejected");
      const reason = (result as PromiseRejectedResult).reason;
      expect(reason).toBeInstanceOf(TransportError);
      expect((reason as Error).message).toMatch(/timed out/);
      expect((reason as TransportError).timedOut).toBe(true);
    }
    proxy.heal();
    expect(await eventually(() => redis.get("k"))).toBe("v");
  });

  it("reset before the request reaches the gateway: TransportError, the INCR never runs and is not re-sent", async () => {
    const redis = await pool(undefined, {}, 3000); // the reset, not a timeout, must end the call
    expect(await redis.ping()).toBe("PONG");
    proxy.latency(300);
    const pending = rejection(redis.incr("counter"));
    await sleep(100);
    proxy.reset();
    const lost = await pending;
    expect(lost).toBeInstanceOf(TransportError);
    expect((lost as TransportError).timedOut).toBe(false);
    proxy.heal();
    await sleep(300);
    expect(await admin.get("counter")).toBeNull();
    expect(await eventually(() => redis.incr("counter"))).toBe(1);
  });

  it("reset while the reply is on its way back: TransportError, and the INCR ran exactly once", async () => {
    const redis = await pool(undefined, {}, 3000); // the reset, not a timeout, must end the call
    expect(await redis.ping()).toBe("PONG");
    proxy.latency(300);
    const pending = rejection(redis.incr("counter"));
    await waitFor(async () => (await admin.get("counter")) === "1", "the INCR to run", 3000); // its reply is held by the proxy
    proxy.reset();
    expect(await pending).toBeInstanceOf(TransportError);
    proxy.heal();
    await sleep(300);
    expect(await admin.get("counter")).toBe("1");
    expect(await eventually(() => redis.incr("counter"))).toBe(2);
  });

  it("connections reset as they open: TransportError without a retry (the request may have arrived); heal works", async () => {
    let attempts = 0;
    const redis = await pool(undefined, {
      retries: 3,
      fetch: (url, init) => {
        attempts++;
        return fetch(url, init);
      },
    });
    expect(await redis.ping()).toBe("PONG");
    proxy.refuse();
    proxy.reset();
    attempts = 0;
    const started = Date.now();
    expect(await rejection(redis.incr("counter"))).toBeInstanceOf(TransportError);
    expect(Date.now() - started).toBeLessThan(COMMAND_TIMEOUT + SLACK);
    expect(attempts).toBe(1);
    proxy.heal();
    expect(await eventually(() => redis.incr("counter"))).toBe(1);
  });

  it("connection refused (nothing listening): TransportError after the retries, with backoff; then a gateway there serves the same engine", async () => {
    const port = await freePort();
    let attempts = 0;
    const redis = await pool(`http://127.0.0.1:${port}`, {
      retries: 2,
      fetch: (url, init) => {
        attempts++;
        return fetch(url, init);
      },
    });
    const started = Date.now();
    const error = await rejection(redis.get("k"));
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(TransportError);
    expect(attempts).toBe(3);
    expect(elapsed).toBeGreaterThanOrEqual(75); // backoff: at least 25 ms, then 50 ms (50·2^n ms, jitter ×0.5..1.5)
    expect(elapsed).toBeLessThan(COMMAND_TIMEOUT + SLACK);
    await startGateway({ port });
    expect(await eventually(() => redis.set("k", "back"))).toBe("OK");
    expect(await admin.get("k")).toBe("back");
  });

  describe("the rate limiter during an outage (requests blackholed)", () => {
    async function outage(): Promise<RedisPool> {
      const redis = await pool();
      expect(await redis.ping()).toBe("PONG");
      proxy.blackhole();
      return redis;
    }

    it('onError "throw" rejects with TransportError', async () => {
      const redis = await outage();
      const limiter = redis.rateLimiter({ limit: 5, window: "1m", onError: "throw" });
      expect(await rejection(limiter.limit("user"))).toBeInstanceOf(TransportError);
    });

    it('onError "allow" fails open, "deny" fails closed, both with source "on-error" within the timeout', async () => {
      const redis = await outage();
      const started = Date.now();
      const [open, closed] = await Promise.all([
        redis.rateLimiter({ limit: 5, window: "1m", onError: "allow" }).limit("user"),
        redis.rateLimiter({ limit: 5, window: "1m", onError: "deny" }).limit("user"),
      ]);
      expect(Date.now() - started).toBeLessThan(COMMAND_TIMEOUT + SLACK);
      expect(open).toMatchObject({ allowed: true, source: "on-error" });
      expect(open.error).toBeInstanceOf(TransportError);
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

  describe("a fault proxy between the gateway and Redis", () => {
    /**
     * A pool straight to a gateway whose Redis connection goes through its own fault proxy. The gateway's command
     * timeout is short by default, so a blackhole is answered 504 quickly.
     */
    async function behindProxy(
      gatewayCommandTimeout = 300,
    ): Promise<{ redis: RedisPool; redisProxy: FaultProxy }> {
      const redisProxy = await startFaultProxy({ target: server });
      proxies.push(redisProxy);
      const inner = await startGateway({ redis: redisProxy.url, commandTimeout: gatewayCommandTimeout });
      // The client waits longer than the gateway, so what it gets is the gateway's answer.
      const redis = await pool(inner.url, {}, gatewayCommandTimeout + 1000);
      expect(await redis.ping()).toBe("PONG"); // the gateway's connection to Redis is up
      return { redis, redisProxy };
    }

    it("latency: correct results", async () => {
      const { redis, redisProxy } = await behindProxy(2000);
      redisProxy.latency(100);
      expect(await Promise.all([redis.set("k", "v"), redis.get("k"), redis.incr("n")])).toEqual([
        "OK",
        "v",
        1,
      ]);
    });

    it("blackhole: the gateway answers 5xx within its timeouts, the client gets TransportError; heal works", async () => {
      const { redis, redisProxy } = await behindProxy();
      await redis.set("k", "v");
      redisProxy.blackhole();
      const started = Date.now();
      const error = await rejection(redis.get("k"));
      expect(error).toBeInstanceOf(TransportError);
      expect((error as Error).message).toMatch(/50[34]/);
      expect(Date.now() - started).toBeLessThan(COMMAND_TIMEOUT + SLACK);
      redisProxy.heal();
      expect(await eventually(() => redis.get("k"))).toBe("v");
    });

    it("reset while Redis' reply is on its way back: TransportError, and the INCR ran exactly once", async () => {
      const { redis, redisProxy } = await behindProxy();
      redisProxy.latency(200);
      const pending = rejection(redis.incr("counter"));
      await waitFor(async () => (await admin.get("counter")) === "1", "the INCR to run", 3000);
      redisProxy.reset();
      expect(await pending).toBeInstanceOf(TransportError);
      redisProxy.heal();
      await sleep(300);
      expect(await admin.get("counter")).toBe("1");
      expect(await eventually(() => redis.incr("counter"))).toBe(2);
    });
  });
});
