/**
 * Connections need no token to open. Idle ones, by the hundred, must not use up the descriptors the gateway needs
 * to reach Redis: `maxConnections` (under the process's open-files limit) keeps the gateway serving through them.
 */
import { Agent, request as httpRequest } from "node:http";
import { connect, type Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { type RedisServer, startRedis } from "@beeredis/testkit";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCli, type CliRun, runCli } from "../cli-process.js";
import { call, setup } from "../helpers.js";

describe("a flood of idle connections", () => {
  let cli: { script: string; remove(): void };
  let redis: RedisServer;
  let gateway: CliRun | undefined;

  beforeAll(async () => {
    cli = await buildCli(fileURLToPath(new URL("../../.connections-test-dist", import.meta.url)));
    redis = await startRedis();
  });
  afterAll(async () => {
    gateway?.child.kill("SIGKILL");
    await redis?.stop();
    cli?.remove();
  });

  it("under 200 open files, 400 idle sockets leave the gateway serving blocking commands and writes over a connection opened before", async () => {
    gateway = runCli(
      cli.script,
      ["--redis", redis.url, "--token", "flood-token", "--port", "0", "--max-connections", "100"],
      {},
      200,
    );
    const url = new URL(await gateway.url());
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const post = (body: unknown) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: url.hostname,
            port: url.port,
            method: "POST",
            path: "/",
            agent,
            headers: { authorization: "Bearer flood-token" },
          },
          (res) => {
            let text = "";
            res.on("data", (chunk) => {
              text += chunk;
            });
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
          },
        );
        req.on("error", reject);
        req.end(JSON.stringify(body));
      });
    expect((await post(["PING"])).status).toBe(200); // the keep-alive connection, opened before the flood
    const idle: Socket[] = [];
    let closed = 0;
    for (let i = 0; i < 400; i++) {
      const socket = connect(Number(url.port), url.hostname);
      socket.on("error", () => undefined);
      socket.once("close", () => closed++);
      idle.push(socket);
    }
    try {
      // Past the cap (the keep-alive connection and 99 idle ones), the gateway closes each new one as it accepts it.
      await until(async () => closed >= 300).catch(() => undefined); // checked below, after what matters
      const direct = new Redis(redis.url);
      try {
        // A blocking command needs a Redis connection of its own, opened now: it still gets one.
        const blocked = post(["BLPOP", "flood-queue", "2"]);
        await until(async () => /blocked_clients:1/.test(await direct.info("clients")));
        await direct.rpush("flood-queue", "job");
        expect(await blocked).toEqual({
          status: 200,
          body: JSON.stringify({ result: ["flood-queue", "job"] }),
        });
        expect((await post(["SET", "during-flood", "written"])).status).toBe(200);
        expect(await direct.get("during-flood")).toBe("written");
      } finally {
        direct.disconnect();
      }
      expect(closed).toBe(301); // the gateway kept 99 idle sockets open, and its keep-alive connection
    } finally {
      for (const socket of idle) socket.destroy();
      agent.destroy();
    }
  });
});

describe("a connection that never sends a request", () => {
  it("is closed once silent for the idle time, while an SSE stream, which writes heartbeats, stays open past it", async () => {
    // Idle time: the larger of headersTimeout (twice requestTimeout) and two heartbeats: 1 s here.
    const env = await setup({ tokens: [{ token: "t" }], requestTimeout: 500, heartbeatInterval: 300 });
    try {
      const stream = await fetch(`${env.gateway.url}/subscribe/news`, {
        method: "POST",
        headers: { authorization: "Bearer t" },
      });
      expect(stream.status).toBe(200);
      const silent = connect(env.gateway.port, env.gateway.host);
      silent.on("error", () => undefined);
      const closed = new Promise<void>((resolve) => silent.once("close", () => resolve()));
      await until(async () => silent.destroyed);
      await closed;
      await new Promise((resolve) => setTimeout(resolve, 1500)); // the stream, past the idle time too
      // The stream's subscription is still in Redis: PUBLISH counts it, and its message arrives.
      expect(
        (await call(env.gateway, "/", { token: "t", body: ["PUBLISH", "news", "still-here"] })).json,
      ).toEqual({
        result: 1,
      });
      const reader = stream.body!.getReader();
      let text = "";
      while (!text.includes("message,news,still-here")) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      expect(text).toContain("data: message,news,still-here");
      await reader.cancel();
    } finally {
      await env.stop();
    }
  });
});

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("the condition never held");
}
