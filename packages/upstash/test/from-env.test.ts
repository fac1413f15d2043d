/**
 * http.fromEnv(): Upstash's variables, then Vercel KV's, from an env object (a Worker's binding) or the process
 * environment; a clear ConfigError naming the variables otherwise, never repeating a value. (Deno.env is read in
 * Deno: see apps/runtimes.)
 */
import { ConfigError, Registry } from "@beeredis/core";
import { createGateway, type Gateway } from "@beeredis/gateway";
import { type RedisServer, rejection, startRedis } from "@beeredis/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { http } from "../src/index.js";

const TOKEN = "env-token-Zq9";
const NAMES = ["UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN", "KV_REST_API_URL", "KV_REST_API_TOKEN"];

describe("http.fromEnv()", () => {
  let server: RedisServer;
  let gateway: Gateway;
  const saved = Object.fromEntries(NAMES.map((name) => [name, process.env[name]]));

  /** Registers the endpoint in one line, as the README shows, and runs a command through it. */
  async function roundTrip(endpoint: ReturnType<typeof http.fromEnv>): Promise<string | null> {
    const registry = await new Registry({ transport: endpoint.transport })
      .registerRedis(endpoint.url, 0)
      .validate({ connect: true });
    try {
      const pool = registry.createEngine().getRedis();
      await pool.set("from-env", endpoint.url);
      return await pool.get("from-env");
    } finally {
      await registry.close();
    }
  }

  beforeAll(async () => {
    server = await startRedis();
    gateway = await createGateway({ redis: server.url, tokens: [{ token: TOKEN }], port: 0 });
  });
  afterEach(() => {
    for (const name of NAMES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });
  afterAll(async () => {
    await gateway?.close();
    await server?.stop();
  });

  it("reads UPSTASH_REDIS_REST_URL and _TOKEN from an env object, and the pool works", async () => {
    const env = { UPSTASH_REDIS_REST_URL: gateway.url, UPSTASH_REDIS_REST_TOKEN: TOKEN };
    expect(await roundTrip(http.fromEnv(env))).toBe(gateway.url);
  });

  it("falls back to Vercel KV's KV_REST_API_URL and _TOKEN; Upstash's pair wins when both are set", async () => {
    const kv = { KV_REST_API_URL: gateway.url, KV_REST_API_TOKEN: TOKEN, UPSTASH_REDIS_REST_URL: "" };
    expect(await roundTrip(http.fromEnv(kv))).toBe(gateway.url);
    const both = { ...kv, UPSTASH_REDIS_REST_URL: `${gateway.url}/`, UPSTASH_REDIS_REST_TOKEN: TOKEN };
    expect(http.fromEnv(both).url).toBe(`${gateway.url}/`);
  });

  it("reads process.env when no env object is given", async () => {
    process.env.KV_REST_API_URL = gateway.url;
    process.env.KV_REST_API_TOKEN = TOKEN;
    expect(await roundTrip(http.fromEnv())).toBe(gateway.url);
  });

  it("nothing set, a pair set by half, or a URL that is not http(s): ConfigError naming the variables, no value", async () => {
    for (const name of NAMES) delete process.env[name];
    const cases: [Record<string, string> | undefined, RegExp][] = [
      [
        undefined,
        /set UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN, or Vercel KV's KV_REST_API_URL and KV_REST_API_TOKEN; none is set in the environment/,
      ],
      [{}, /none is set in the env object given/],
      [
        { UPSTASH_REDIS_REST_TOKEN: TOKEN, KV_REST_API_URL: gateway.url, KV_REST_API_TOKEN: TOKEN },
        /UPSTASH_REDIS_REST_TOKEN is set but UPSTASH_REDIS_REST_URL is not/,
      ],
      [{ KV_REST_API_URL: gateway.url }, /KV_REST_API_URL is set but KV_REST_API_TOKEN is not/],
      [
        { UPSTASH_REDIS_REST_URL: `redis://${TOKEN}@h`, UPSTASH_REDIS_REST_TOKEN: TOKEN },
        /^UPSTASH_REDIS_REST_URL must be an https:\/\/ \(or http:\/\/\) URL\.$/,
      ],
    ];
    for (const [env, message] of cases) {
      const error = await rejection(Promise.resolve().then(() => http.fromEnv(env)));
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain(TOKEN);
    }
  });
});
