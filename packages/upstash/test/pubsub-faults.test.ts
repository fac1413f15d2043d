/**
 * A subscription over http() when its stream drops: http() -> fault proxy -> gateway -> redis-server. It subscribes
 * again with backoff (messages published meanwhile are lost), ends with TransportError when it cannot for good,
 * and closes cleanly while it is trying. No unhandled rejection anywhere.
 */
import {
  type RedisPool,
  Registry,
  type Subscription,
  TransportError,
  type ValidatedRegistry,
} from "@beeredis/core";
import { createGateway, type Gateway } from "@beeredis/gateway";
import { tcp } from "@beeredis/ioredis";
import {
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

const TOKEN = "pubsub-faults";
const unhandled = unhandledRejections();
/** Only there to catch hangs. */
const within = <T>(promise: Promise<T>, ms = 10_000) =>
  Promise.race([promise, new Promise<"hung">((resolve) => setTimeout(resolve, ms, "hung"))]);

/** Reads `sub` in the background; `ended` resolves with how its loop ended. */
function collect(sub: Subscription<{ message: string }>) {
  const messages: string[] = [];
  const ended = (async () => {
    for await (const { message } of sub) messages.push(message);
    return "done";
  })().catch((error: unknown) => error);
  return { messages, ended };
}

describe("pub/sub faults (http)", () => {
  let server: RedisServer;
  let direct: ValidatedRegistry;
  /** A TCP pool straight to Redis: subscribers of database 0's channel "news" are Redis' "db0:news". */
  let redis: RedisPool;
  let port: number;
  let gateway: Gateway | undefined;
  let proxy: FaultProxy;
  const registries: ValidatedRegistry[] = [];

  const startGateway = async (token = TOKEN) => {
    gateway = await createGateway({ redis: server.url, tokens: [{ token }], port });
    return gateway;
  };
  const subscribers = async () => (await redis.pubsubNumsub("db0:news"))["db0:news"];

  async function subscribe(options: HttpOptions = {}): Promise<Subscription<{ message: string }>> {
    const registry = await new Registry({ transport: http({ token: TOKEN, ...options }) })
      .registerRedis(`http://${proxy.host}:${proxy.port}`, 0)
      .validate();
    registries.push(registry);
    const sub = registry.createEngine().getRedis().subscribe("news");
    await sub.ready;
    return sub;
  }

  beforeAll(async () => {
    unhandled.start();
    server = await startRedis();
    direct = await new Registry({ transport: tcp() }).registerRedis(server.url, 0).validate();
    redis = direct.createEngine().getRedis();
    port = await freePort();
    await startGateway();
    proxy = await startFaultProxy({ target: { host: "127.0.0.1", port } });
  });
  afterEach(async () => {
    proxy.heal();
    await Promise.all(registries.splice(0).map((registry) => registry.close()));
    if (!gateway) await startGateway();
    await new Promise((resolve) => setTimeout(resolve, 20)); // let late rejections surface
    expect(unhandled.reasons).toEqual([]);
  });
  afterAll(async () => {
    unhandled.stop();
    await proxy?.close();
    await gateway?.close();
    await direct?.close();
    await server?.stop();
  });

  it("the connection is reset: it subscribes again and the next messages arrive", async () => {
    const got = collect(await subscribe());
    proxy.reset();
    await waitFor(async () => {
      await redis.publish("db0:news", "probe");
      return got.messages.length > 0;
    }, "the subscription to come back");
    // The gateway let the old subscription go: Redis counts one subscriber, the new one.
    await waitFor(async () => (await subscribers()) === 1, "one subscriber");
    await redis.publish("db0:news", "after");
    await waitFor(async () => got.messages.at(-1) === "after", "the next message");
    expect(new Set(got.messages)).toEqual(new Set(["probe", "after"]));
  });

  it("the gateway restarts: what is published while it is down is lost, what comes after arrives", async () => {
    const sub = await subscribe();
    await gateway!.close();
    gateway = undefined;
    await waitFor(async () => (await subscribers()) === 0, "the gateway to let go");
    expect(await redis.publish("db0:news", "lost")).toBe(0); // nobody is subscribed: it is gone
    await startGateway();
    await waitFor(async () => (await subscribers()) === 1, "the subscription to come back");
    expect(await redis.publish("db0:news", "after")).toBe(1);
    expect((await sub.next()).value?.message).toBe("after");
  });

  it("it cannot subscribe again within resubscribeTimeoutMs: the loop throws TransportError", async () => {
    const sub = await subscribe({ resubscribeTimeoutMs: 300 });
    proxy.refuse();
    proxy.reset();
    const error = await within(rejection(sub.next()));
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toMatch(
      /^Redis pool "default": the subscription stream dropped and it could not be subscribed again within 300 ms: /,
    );
    expect(await sub.next()).toEqual({ done: true, value: undefined });
  });

  it("subscribing again is refused (the token was revoked): the loop throws TransportError at once", async () => {
    const sub = await subscribe({ resubscribeTimeoutMs: 60_000 });
    await gateway!.close();
    await startGateway("another-token");
    const error = await within(rejection(sub.next()));
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toMatch(/subscribing again was refused: .*HTTP 401 from/);
    await gateway!.close();
    await startGateway();
  });

  it("close() and registry.close() while it is trying to subscribe again end the loop cleanly", async () => {
    const closed = await subscribe();
    const ended = await subscribe();
    const loops = [collect(closed).ended, collect(ended).ended];
    proxy.refuse();
    proxy.reset();
    await new Promise((resolve) => setTimeout(resolve, 200)); // a few attempts fail meanwhile
    expect(await within(closed.close())).toBeUndefined();
    expect(await within(registries[1]!.close())).toBeUndefined();
    expect(await within(Promise.all(loops))).toEqual(["done", "done"]);
  });
});
