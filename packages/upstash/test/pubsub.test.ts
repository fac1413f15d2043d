/**
 * Pub/sub over http() beyond the conformance suite, against the gateway with a tenant token (database 3): names
 * that need percent-encoding, messages with line breaks, `{ bytes: true }` on a text protocol, what the REST
 * protocol cannot carry, and subscribing to an endpoint that is down or silent.
 */
import { createServer, type Server, type Socket } from "node:net";
import {
  ConfigError,
  type RedisPool,
  Registry,
  TransportError,
  UnsupportedError,
  type ValidatedRegistry,
} from "@beeredis/core";
import { createGateway, type Gateway } from "@beeredis/gateway";
import { tcp } from "@beeredis/ioredis";
import { freePort, type RedisServer, rejection, startRedis, unhandledRejections } from "@beeredis/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { http } from "../src/index.js";

const TOKEN = "pubsub-db3";
const unhandled = unhandledRejections();

describe("pub/sub over http()", () => {
  let server: RedisServer;
  let gateway: Gateway;
  let silent: Server;
  const sockets = new Set<Socket>();
  let direct: ValidatedRegistry;
  /** A TCP pool straight to Redis, to see the channels as Redis names them. */
  let redis: RedisPool;
  const registries: ValidatedRegistry[] = [];

  async function pool(url = gateway.url, commandTimeout = 5000): Promise<RedisPool> {
    const registry = await new Registry({ transport: http({ token: TOKEN }), commandTimeout })
      .registerRedis(url, 3)
      .validate();
    registries.push(registry);
    return registry.createEngine().getRedis();
  }

  beforeAll(async () => {
    unhandled.start();
    server = await startRedis();
    gateway = await createGateway({ redis: server.url, tokens: [{ token: TOKEN, db: 3 }], port: 0 });
    direct = await new Registry({ transport: tcp() }).registerRedis(server.url, 0).validate();
    redis = direct.createEngine().getRedis();
    // Accepts connections and never answers.
    silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  });
  afterEach(async () => {
    await Promise.all(registries.splice(0).map((registry) => registry.close()));
    expect(unhandled.reasons).toEqual([]);
  });
  afterAll(async () => {
    unhandled.stop();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent?.close(resolve));
    await direct?.close();
    await gateway?.close();
    await server?.stop();
  });

  it("channel and pattern names that need percent-encoding round-trip; Redis sees them in database 3's space", async () => {
    const names = ["a/b", "with space", "100%", "q?x=1#y", "émoji 🐝", "comma,name"];
    const app = await pool();
    await using sub = app.subscribe(names);
    await using patterns = app.psubscribe(["a/*", "100%*"]);
    await Promise.all([sub.ready, patterns.ready]);
    expect(await redis.pubsubNumsub(...names.map((name) => `db3:${name}`))).toEqual(
      Object.fromEntries(names.map((name) => [`db3:${name}`, 1])),
    );
    const matched = new Set(["a/b", "100%"]); // by a pattern too
    for (const name of names) expect(await app.publish(name, `to ${name}`)).toBe(matched.has(name) ? 2 : 1);
    for (const name of names)
      expect((await sub.next()).value).toEqual({ channel: name, message: `to ${name}` });
    expect((await patterns.next()).value).toEqual({ pattern: "a/*", channel: "a/b", message: "to a/b" });
    expect((await patterns.next()).value).toEqual({ pattern: "100%*", channel: "100%", message: "to 100%" });
  });

  it("messages with commas and line breaks arrive whole; a CRLF arrives as LF (SSE lines)", async () => {
    const app = await pool();
    await using sub = app.subscribe("lines");
    await sub.ready;
    const sent = ["one\ntwo", "\n", "", "a,b,c", " leading space", "x\r\ny", "tail\n"];
    for (const message of sent) await app.publish("lines", message);
    const received: string[] = [];
    for (let i = 0; i < sent.length; i++) received.push((await sub.next()).value!.message);
    expect(received).toEqual(["one\ntwo", "\n", "", "a,b,c", " leading space", "x\ny", "tail\n"]);
  });

  it("with { bytes: true } a message is the UTF-8 bytes of its text", async () => {
    const app = await pool();
    await using sub = app.subscribe(["bytes"], { bytes: true });
    await sub.ready;
    await app.publish("bytes", "héllo 🐝");
    const { value } = await sub.next();
    expect(value!.message).toBeInstanceOf(Uint8Array);
    expect(Array.from(value!.message)).toEqual(Array.from(new TextEncoder().encode("héllo 🐝")));
  });

  it("ssubscribe and names that are not UTF-8 reject with UnsupportedError, before any request", async () => {
    const app = await pool();
    for (const sub of [app.ssubscribe("orders"), app.subscribe(new Uint8Array([0xff]))]) {
      await expect(sub.ready).rejects.toBeInstanceOf(UnsupportedError);
      await expect(sub.next()).rejects.toThrow(/TCP transport \(@beeredis\/ioredis\)/);
      expect(await sub.next()).toEqual({ done: true, value: undefined });
    }
  });

  it("a resubscribeTimeoutMs that is not a positive number of ms is a ConfigError", () => {
    for (const resubscribeTimeoutMs of [0, -1, Number.NaN, "5" as never]) {
      expect(() => http({ token: TOKEN, resubscribeTimeoutMs })).toThrow(ConfigError);
    }
    expect(() => http({ token: TOKEN, resubscribeTimeoutMs: Number.POSITIVE_INFINITY })).not.toThrow();
  });

  it("a gateway that is down: ready rejects with TransportError at once, not after the command timeout", async () => {
    const down = await pool(`http://127.0.0.1:${await freePort()}`, 60_000);
    const sub = down.subscribe("news");
    const outcome = await Promise.race([
      rejection(sub.ready),
      new Promise((resolve) => setTimeout(resolve, 10_000, "still waiting")),
    ]);
    expect(outcome).toBeInstanceOf(TransportError);
    expect((outcome as Error).message).toMatch(/^Redis pool "default": subscribing over HTTP failed/);
    await expect(sub.next()).rejects.toBeInstanceOf(TransportError);
  });

  it("an endpoint that never answers: ready rejects with TransportError after the command timeout", async () => {
    const hanging = await pool(`http://127.0.0.1:${(silent.address() as { port: number }).port}`, 300);
    const error = await rejection(hanging.subscribe("news").ready);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toBe('Redis pool "default": subscribing timed out after 300 ms.');
  });

  it("a refused subscription (wrong token) rejects with the status", async () => {
    const registry = await new Registry({ transport: http({ token: "wrong" }) })
      .registerRedis(gateway.url, 3)
      .validate();
    registries.push(registry);
    const error = await rejection(registry.createEngine().getRedis().subscribe("news").ready);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toMatch(/HTTP 401 from http:\/\/127\.0\.0\.1:\d+\/subscribe\//);
  });
});
