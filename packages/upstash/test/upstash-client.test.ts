/**
 * fromUpstashClient(): pools over a real @upstash/redis client, against the gateway with a tenant token
 * (database 3). Commands, batches, the rate limiter and a lock go through the client's own requester; errors are
 * ours, without arguments or the token; a timeout is a TransportError, not the client's made-up empty reply.
 */
import { createServer, type Server, type Socket } from "node:net";
import {
  ConfigError,
  Minute,
  type RedisPool,
  Registry,
  ReplyError,
  Second,
  TransportError,
  UnsupportedError,
  type ValidatedRegistry,
} from "@beeredis/core";
import { createGateway, type Gateway } from "@beeredis/gateway";
import { tcp } from "@beeredis/ioredis";
import { errorTexts, findSecrets, type RedisServer, rejection, startRedis } from "@beeredis/testkit";
import { Redis } from "@upstash/redis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fromUpstashClient } from "../src/client.js";

const TOKEN = "client-db3-Kx7";

describe("fromUpstashClient (@beeredis/upstash/client)", () => {
  let server: RedisServer;
  let gateway: Gateway;
  let silent: Server;
  const sockets = new Set<Socket>();
  let direct: ValidatedRegistry;
  /** Database 3 over TCP, to see what the commands really wrote. */
  let db3: RedisPool;
  const registries: ValidatedRegistry[] = [];

  const client = (url = gateway.url, token = TOKEN) =>
    new Redis({ url, token, enableTelemetry: false, retry: false });

  async function pool(redis = client(), commandTimeout = 5000): Promise<RedisPool> {
    const { transport, url } = fromUpstashClient(redis);
    const registry = await new Registry({ transport, commandTimeout }).registerRedis(url, 3).validate();
    registries.push(registry);
    return registry.createEngine().getRedis();
  }

  beforeAll(async () => {
    server = await startRedis();
    gateway = await createGateway({ redis: server.url, tokens: [{ token: TOKEN, db: 3 }], port: 0 });
    direct = await new Registry({ transport: tcp() }).registerRedis(server.url, 3).validate();
    db3 = direct.createEngine().getRedis();
    silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  });
  afterEach(async () => {
    await Promise.all(registries.splice(0).map((registry) => registry.close()));
    await db3.flushdb();
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent?.close(resolve));
    await direct?.close();
    await gateway?.close();
    await server?.stop();
  });

  it("commands, a pipeline and a transaction go through the client, into the token's database", async () => {
    const redis = await pool();
    expect(await redis.set("greeting", "héllo 🐝")).toBe("OK");
    expect(await redis.get("greeting")).toBe("héllo 🐝");
    expect(await redis.get("missing")).toBeNull();
    expect(await redis.incrby("n", 41)).toBe(41);
    await redis.hset("h", { a: "1", b: "2" });
    expect(await redis.hgetall("h")).toEqual({ a: "1", b: "2" });
    expect(await redis.pipeline().incr("n").get("greeting").exec()).toEqual([42, "héllo 🐝"]);
    expect(await redis.multi().set("t", "OK").lpush("l", "x", "y").exec()).toEqual(["OK", 2]);
    expect(await db3.get("greeting")).toBe("héllo 🐝");
    expect(await db3.lrange("l", 0, -1)).toEqual(["y", "x"]);
  });

  it("rateLimit allows exactly 5 of 6, and the limiter reports what remains", async () => {
    const redis = await pool();
    const decisions: boolean[] = [];
    for (let i = 0; i < 6; i++) decisions.push(await redis.rateLimit("login:ann", Minute, 5));
    expect(decisions).toEqual([true, true, true, true, true, false]);
    const limiter = redis.rateLimiter({ limit: 3, window: "1m", algorithm: "fixed-window" });
    expect((await limiter.limit("api")).remaining).toBe(2);
    expect((await limiter.limit("api", { cost: 2 })).remaining).toBe(0);
    expect((await limiter.limit("api")).allowed).toBe(false);
  });

  it("a lock is exclusive, refreshes, releases once, and the next holder's fencing token is higher", async () => {
    const locker = (await pool()).getLocker();
    const lock = await locker.obtain("job", 5 * Second);
    expect(lock).not.toBeNull();
    expect(await locker.obtain("job", 5 * Second)).toBeNull();
    expect(await lock!.refresh(5 * Second)).toBe(true);
    expect(await lock!.release()).toBe(true);
    expect(await lock!.release()).toBe(false);
    const next = await locker.obtain("job", 5 * Second);
    expect(next!.fencingToken).toBeGreaterThan(lock!.fencingToken);
    await next!.release();
  });

  it("error replies are ReplyErrors, alone and inside a pipeline, without the command's arguments", async () => {
    const redis = await pool();
    await redis.set("text", "secret-argument");
    const error = await rejection(redis.incr("text"));
    expect(error).toBeInstanceOf(ReplyError);
    expect((error as ReplyError).prefix).toBe("ERR");
    const wrongType = await rejection(redis.lpush("text", "secret-argument"));
    expect((wrongType as ReplyError).prefix).toBe("WRONGTYPE");
    expect(errorTexts(wrongType).join("\n")).not.toContain("secret-argument");
    const [ok, failed] = await redis.pipeline().get("text").incr("text").exec();
    expect(ok).toBe("secret-argument");
    expect(failed).toBeInstanceOf(ReplyError);
  });

  it("a wrong token and an endpoint that never answers: TransportError without the token, never a made-up reply", async () => {
    const wrong = await pool(client(gateway.url, `${TOKEN}-wrong`));
    const refused = await rejection(wrong.get("k"));
    expect(refused).toBeInstanceOf(TransportError);
    expect((refused as Error).message).toMatch(/^The HTTP endpoint refused the request: Unauthorized/);
    const silentUrl = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    const hanging = await pool(client(silentUrl), 300);
    const timedOut = await rejection(hanging.get("k"));
    expect(timedOut).toBeInstanceOf(TransportError);
    expect((timedOut as Error).message).toMatch(/timed out after 300 ms/);
    expect(findSecrets([...errorTexts(refused), ...errorTexts(timedOut)], [TOKEN])).toEqual([]);
  });

  it("pub/sub is refused with UnsupportedError pointing to http(); bad setups are ConfigErrors", async () => {
    const redis = await pool();
    const sub = redis.subscribe("news");
    await expect(sub.ready).rejects.toBeInstanceOf(UnsupportedError);
    await expect(sub.next()).rejects.toThrow(/http\(\) \(@beeredis\/upstash\)/);
    expect(() => fromUpstashClient({} as Redis)).toThrow(ConfigError);
    const { transport } = fromUpstashClient(client());
    for (const [url, options] of [
      ["http://127.0.0.1:1", {}],
      [gateway.url, { token: TOKEN }],
    ] as const) {
      const error = await rejection(
        new Registry({ transport }).registerRedis(url, 3, "x", options).validate(),
      );
      expect(error).toBeInstanceOf(ConfigError);
    }
  });
});
