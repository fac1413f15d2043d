import { Minute, Registry, type ValidatedRegistry } from "@beeredis/core";
import { createGateway, type Gateway } from "@beeredis/gateway";
import { type RedisServer, startRedis } from "@beeredis/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { http } from "../src/index.js";

// Counts the HTTP requests the transport really sends: fetch is wrapped, every request still goes through.
const sent: { path: string; body: unknown }[] = [];
const realFetch = globalThis.fetch;

describe("http requests per operation", () => {
  let server: RedisServer;
  let gateway: Gateway;
  let registry: ValidatedRegistry;

  beforeAll(async () => {
    server = await startRedis();
    gateway = await createGateway({ redis: server.url, tokens: [{ token: "t" }], port: 0 });
    registry = await new Registry({ transport: http({ token: "t" }) })
      .registerRedis(gateway.url, 0)
      .validate();
    globalThis.fetch = (input, init) => {
      sent.push({ path: new URL(String(input)).pathname, body: JSON.parse(String(init?.body)) });
      return realFetch(input, init);
    };
  });
  afterEach(() => {
    sent.length = 0;
  });
  afterAll(async () => {
    globalThis.fetch = realFetch;
    await registry.close();
    await gateway.close();
    await server.stop();
  });

  it("each sequential rate-limit decision is exactly one request", async () => {
    const pool = registry.createEngine().getRedis();
    await pool.rateLimit("warm-up", Minute, 5); // the server's first sight of the script: NOSCRIPT, then EVAL
    expect(sent.map((r) => (r.body as string[])[0])).toEqual(["EVALSHA", "EVAL"]);
    sent.length = 0;
    for (let i = 0; i < 7; i++) await pool.rateLimit("login", Minute, 5);
    expect(sent).toHaveLength(7);
    for (const request of sent) expect((request.body as string[])[0]).toBe("EVALSHA");
  });

  it("concurrent decisions share pipelined requests, and no decision is split over two", async () => {
    const pool = registry.createEngine().getRedis();
    const results = await Promise.all(Array.from({ length: 50 }, () => pool.rateLimit("burst", Minute, 5)));
    expect(results.filter(Boolean)).toHaveLength(5);
    expect(sent.length).toBeGreaterThanOrEqual(1);
    expect(sent.length).toBeLessThan(50);
    const commands = sent.flatMap((r) =>
      r.path === "/pipeline" ? (r.body as string[][]) : [r.body as string[]],
    );
    expect(commands.filter((argv) => argv[0] === "EVALSHA")).toHaveLength(50);
  });

  it("commands issued in the same tick share one /pipeline request", async () => {
    const pool = registry.createEngine().getRedis();
    await Promise.all([pool.set("a", "1"), pool.set("b", "2"), pool.get("a"), pool.incr("n")]);
    expect(sent).toEqual([
      {
        path: "/pipeline",
        body: [
          ["SET", "a", "1"],
          ["SET", "b", "2"],
          ["GET", "a"],
          ["INCR", "n"],
        ],
      },
    ]);
  });

  it("pipeline() is one /pipeline request and multi() one /multi-exec request", async () => {
    const pool = registry.createEngine().getRedis();
    expect(await pool.pipeline().set("p", "1").get("p").exec()).toEqual(["OK", "1"]);
    expect(await pool.multi().incr("m").incr("m").exec()).toEqual([1, 2]);
    expect(sent.map((r) => r.path)).toEqual(["/pipeline", "/multi-exec"]);
  });
});
