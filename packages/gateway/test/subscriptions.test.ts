/**
 * SSE pub/sub as Upstash serves it: the real @upstash/redis subscriber receives in order, tenants are confined
 * to their database's channels, and a client that goes away gives its Redis connection back at once.
 */
import { Redis } from "@upstash/redis";
import { Redis as Direct } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, type Setup, setup } from "./helpers.js";

describe("SSE subscriptions", () => {
  let env: Setup;
  let direct: Direct;
  const client = (token: string) => new Redis({ url: env.gateway.url, token, enableTelemetry: false });

  beforeAll(async () => {
    env = await setup({
      tokens: [
        { token: "db3-token", db: 3 },
        { token: "db0-token", db: 0 },
        { token: "ro-db3", db: 3, role: "read-only" },
        { token: "admin-token", role: "admin" },
      ],
      heartbeatInterval: 100,
    });
    direct = new Direct({ host: env.redis.host, port: env.redis.port, protocol: 2 });
  });
  afterAll(async () => {
    direct.disconnect();
    await env.stop();
  });

  /** Subscriber connections Redis sees now. */
  const subscribers = async () =>
    ((await direct.call("CLIENT", "LIST")) as string)
      .split("\n")
      .filter((line) => /user=beeredis-gateway-subscriber /.test(line) && / sub=[1-9]| psub=[1-9]/.test(line))
      .length;

  const until = async (check: () => Promise<boolean> | boolean, what: string) => {
    for (let i = 0; i < 300; i++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  it("@upstash/redis subscribe() receives its database's messages in order; another database's never arrive", async () => {
    const reader = client("db3-token");
    const sub = reader.subscribe<string>(["news"]);
    const received: string[] = [];
    const counts: number[] = [];
    sub.on("subscribe", (count) => counts.push(count));
    sub.on("message", ({ channel, message }) => received.push(`${channel}:${message}`));
    await until(async () => (await subscribers()) === 1, "the subscription");
    await client("db0-token").publish("news", "for-db0-only");
    for (let i = 0; i < 20; i++) await client("db3-token").publish("news", `m${i}`);
    await direct.publish("db3:news", "from-tcp"); // what Redis calls database 3's channel "news"
    await until(() => received.length === 21, "21 messages");
    expect(received).toEqual([...Array.from({ length: 20 }, (_, i) => `news:m${i}`), "news:from-tcp"]);
    expect(counts).toEqual([1]);
    await sub.unsubscribe();
    await until(async () => (await subscribers()) === 0, "the connection to close");
  });

  it("psubscribe() gets pmessages with the pattern and channel in the token's terms", async () => {
    const sub = client("ro-db3").psubscribe<string>(["orders.*"]);
    const received: unknown[] = [];
    sub.on("pmessage", (message) => received.push(message));
    await until(async () => (await subscribers()) === 1, "the subscription");
    // The client JSON-parses pmessages (without a fallback to text, unlike messages): publish JSON.
    await client("db3-token").publish("orders.eu", { id: 1 });
    await client("db0-token").publish("orders.eu", { id: "not-yours" });
    await until(() => received.length === 1, "a message");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toEqual([{ pattern: "orders.*", channel: "orders.eu", message: { id: 1 } }]);
    await sub.unsubscribe();
    await until(async () => (await subscribers()) === 0, "the connection to close");
  });

  it("a tenant's PUBLISH and its scripts stay within its database's channels", async () => {
    const listener = new Direct({ host: env.redis.host, port: env.redis.port, protocol: 2 });
    await listener.subscribe("news");
    const raw: string[] = [];
    listener.on("message", (channel, message) => raw.push(`${channel}:${message}`));
    const probe = new Direct({ host: env.redis.host, port: env.redis.port, protocol: 2 });
    expect(
      await call(env.gateway, "/", { token: "db3-token", body: ["PUBLISH", "news", "x"] }),
    ).toMatchObject({ status: 200 });
    const fromLua = await call(env.gateway, "/", {
      token: "db3-token",
      body: ["EVAL", "return redis.call('PUBLISH', 'news', 'escaped')", 0],
    });
    expect(fromLua.status).toBe(400);
    expect(fromLua.json.error).toMatch(/NOPERM|no permissions|can't/);
    expect((await call(env.gateway, "/", { token: "ro-db3", body: ["PUBLISH", "news", "x"] })).status).toBe(
      403,
    );
    await probe.publish("news", "raw");
    await until(() => raw.length === 1, "the raw message");
    expect(raw).toEqual(["news:raw"]);
    probe.disconnect();
    listener.disconnect();
  });

  it("streams heartbeats, and ends (closing its Redis connection) when the client goes away", async () => {
    const controller = new AbortController();
    const response = await fetch(`${env.gateway.url}/subscribe/a/b`, {
      method: "POST",
      headers: { authorization: "Bearer db3-token", accept: "text/event-stream" },
      signal: controller.signal,
    });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const reader = response.body!.getReader();
    let text = "";
    while (!text.includes(": heartbeat")) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toMatch(/^data: subscribe,a,1\n\ndata: subscribe,b,2\n\n/);
    expect(await subscribers()).toBe(1);
    controller.abort();
    await until(async () => (await subscribers()) === 0, "the Redis connection to close");
  });

  it("a message with line breaks is several data lines, as SSE wants", async () => {
    const response = await fetch(`${env.gateway.url}/subscribe/lines`, {
      method: "POST",
      headers: { authorization: "Bearer db3-token" },
    });
    const reader = response.body!.getReader();
    await until(async () => (await subscribers()) === 1, "the subscription");
    await call(env.gateway, "/", { token: "db3-token", body: ["PUBLISH", "lines", "one\ntwo"] });
    let text = "";
    while (!text.includes("two")) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain("data: message,lines,one\ndata: two\n\n");
    await reader.cancel();
  });

  it("counts each stream against the blocking caps: past them, 429 and no Redis connection", async () => {
    const capped = await setup({ tokens: [{ token: "t", db: 3 }], maxBlockingPerToken: 1 });
    try {
      const open = await fetch(`${capped.gateway.url}/subscribe/one`, {
        headers: { authorization: "Bearer t" },
      });
      expect(open.status).toBe(200);
      const refused = await fetch(`${capped.gateway.url}/subscribe/two`, {
        headers: { authorization: "Bearer t" },
      });
      expect(refused.status).toBe(429);
      await open.body!.cancel();
    } finally {
      await capped.stop();
    }
  });

  it("refuses bad subscriptions with a status, before any stream starts", async () => {
    const post = (path: string, token = "db3-token") =>
      fetch(`${env.gateway.url}${path}`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
    expect((await post("/subscribe")).status).toBe(400);
    expect((await post("/subscribe/%E0%A4%A")).status).toBe(400);
    expect((await post("/subscribe/x", "wrong")).status).toBe(401);
    // Names of Object.prototype's members are no stream routes: they are path-style commands, refused as such.
    for (const path of ["/constructor/x", "/__proto__/x", "/toString/x", "/hasOwnProperty/x"]) {
      const answer = await post(path);
      expect(answer.headers.get("content-type"), path).not.toMatch(/event-stream/);
      expect([400, 403], path).toContain(answer.status);
      await answer.text();
    }
  });
});
