/**
 * Which client sends when `http()` is given no `fetch`: on the Node entry (index.node.ts, what the package's
 * `exports` give Node) node:http, read from the module at each request so that what patches it (nock, msw,
 * OpenTelemetry) sees the requests; on the main entry (Bun, Deno, Workers, Edge, browsers) the global `fetch`.
 * Commands, a rate-limit decision and a subscription each go through a real gateway to a real Redis.
 */
import nodeHttp from "node:http";
import { type RedisPool, Registry, type TransportFactory, type ValidatedRegistry } from "@beeredis/core";
import { createGateway, type Gateway } from "@beeredis/gateway";
import { tcp } from "@beeredis/ioredis";
import { type RedisServer, startRedis } from "@beeredis/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { http as mainHttp } from "../src/index.js";
import { http as nodeEntryHttp } from "../src/index.node.js";

const TOKEN = "default-fetch";

describe("the default fetch of http()", () => {
  let server: RedisServer;
  let gateway: Gateway;
  let direct: ValidatedRegistry;
  /** A TCP pool straight to Redis, to see what the HTTP requests did. */
  let redis: RedisPool;
  const registries: ValidatedRegistry[] = [];
  /** Requests that went through node:http's `request` and through the global `fetch`, since the last reset. */
  const calls = { nodeHttp: 0, globalFetch: 0 };
  const realRequest = nodeHttp.request;
  const realFetch = globalThis.fetch;

  beforeAll(async () => {
    server = await startRedis();
    gateway = await createGateway({ redis: server.url, tokens: [{ token: TOKEN }], port: 0 });
    direct = await new Registry({ transport: tcp() }).registerRedis(server.url, 0).validate();
    redis = direct.createEngine().getRedis();
    // Patched as nock or msw patch them: the module's property, and the global.
    nodeHttp.request = ((...args: Parameters<typeof realRequest>) => {
      calls.nodeHttp++;
      return realRequest(...args);
    }) as typeof realRequest;
    globalThis.fetch = (input, init) => {
      calls.globalFetch++;
      return realFetch(input, init);
    };
  });
  afterEach(async () => {
    await Promise.all(registries.splice(0).map((registry) => registry.close()));
    calls.nodeHttp = 0;
    calls.globalFetch = 0;
  });
  afterAll(async () => {
    nodeHttp.request = realRequest;
    globalThis.fetch = realFetch;
    await direct?.close();
    await gateway?.close();
    await server?.stop();
  });

  async function poolOver(transport: TransportFactory): Promise<RedisPool> {
    const registry = await new Registry({ transport }).registerRedis(gateway.url, 0).validate();
    registries.push(registry);
    return registry.createEngine().getRedis();
  }

  /** Commands, a pipeline, rate-limit decisions and a subscription's message; the writes checked on Redis itself. */
  async function exercise(pool: RedisPool, prefix: string): Promise<void> {
    expect(await pool.set(`${prefix}:k`, "v")).toBe("OK");
    expect(await pool.pipeline().get(`${prefix}:k`).incr(`${prefix}:n`).exec()).toEqual(["v", 1]);
    expect(await pool.rateLimit(`${prefix}:user`, "1m", 1)).toBe(true);
    expect(await pool.rateLimit(`${prefix}:user`, "1m", 1)).toBe(false);
    await using sub = pool.subscribe(`${prefix}:channel`);
    await sub.ready;
    expect(await pool.publish(`${prefix}:channel`, "hello")).toBe(1);
    expect((await sub.next()).value).toEqual({ channel: `${prefix}:channel`, message: "hello" });
    expect(await redis.get(`${prefix}:k`)).toBe("v");
    expect(await redis.get(`${prefix}:n`)).toBe("1");
  }

  it("on the Node entry, every request goes through node:http (the patched module), none through the global fetch", async () => {
    await exercise(await poolOver(nodeEntryHttp({ token: TOKEN })), "node");
    // SET, the pipeline, two decisions, the subscription and PUBLISH: one request each at least.
    expect(calls.nodeHttp).toBeGreaterThanOrEqual(6);
    expect(calls.globalFetch).toBe(0);
  });

  it("on the Node entry, http.fromEnv() sends through node:http too", async () => {
    const { transport, url } = nodeEntryHttp.fromEnv({
      UPSTASH_REDIS_REST_URL: gateway.url,
      UPSTASH_REDIS_REST_TOKEN: TOKEN,
    });
    expect(url).toBe(gateway.url);
    const pool = await poolOver(transport);
    expect(await pool.set("env:k", "from env")).toBe("OK");
    expect(await redis.get("env:k")).toBe("from env");
    expect(calls.nodeHttp).toBeGreaterThanOrEqual(1);
    expect(calls.globalFetch).toBe(0);
  });

  it("on the Node entry, a given fetch replaces node:http", async () => {
    const pool = await poolOver(nodeEntryHttp({ token: TOKEN, fetch: (url, init) => fetch(url, init) }));
    expect(await pool.set("given:k", "v")).toBe("OK");
    expect(await redis.get("given:k")).toBe("v");
    expect(calls.globalFetch).toBeGreaterThanOrEqual(1);
    expect(calls.nodeHttp).toBe(0);
  });

  it("on the main entry, every request goes through the global fetch, looked up per request", async () => {
    await exercise(await poolOver(mainHttp({ token: TOKEN })), "main");
    expect(calls.globalFetch).toBeGreaterThanOrEqual(6);
    expect(calls.nodeHttp).toBe(0);
  });
});
