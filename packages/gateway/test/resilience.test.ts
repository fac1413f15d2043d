/** Redis down, hanging or slow: clear 5xx JSON within the timeout, then service again once Redis is back. */
import { type ChildProcess, spawn } from "node:child_process";
import { freePort, ping, startRedis, waitFor } from "@beeredis/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type Gateway } from "../src/index.js";
import { assertSafeError, busyScript, call } from "./helpers.js";

/** A redis-server this test controls directly: killed, paused and started again on the same port. */
class ControlledRedis {
  private child: ChildProcess | undefined;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const args = ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
    const child = spawn("redis-server", args, { stdio: "ignore" });
    this.child = child;
    await waitFor(() => ping("127.0.0.1", this.port), `redis-server on port ${this.port}`);
  }

  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }

  /** SIGSTOP: connections stay open but nothing is answered. */
  pause(): void {
    this.child?.kill("SIGSTOP");
  }

  resume(): void {
    this.child?.kill("SIGCONT");
  }
}

describe("when Redis is down", () => {
  let redis: ControlledRedis;
  let gateway: Gateway;

  beforeAll(async () => {
    redis = new ControlledRedis(await freePort());
    await redis.start();
    gateway = await createGateway({
      redis: redis.url,
      tokens: [{ token: "rw-token" }],
      port: 0,
      commandTimeout: 1000,
      requestTimeout: 3000,
    });
  });
  afterAll(async () => {
    redis.resume();
    await gateway.close();
    await redis.kill();
  });

  it("answers 5xx with a clear JSON error within the timeout, then serves again after Redis returns", async () => {
    expect((await call(gateway, "/set/k/v")).json).toEqual({ result: "OK" });
    await redis.kill();
    for (const [path, body] of [
      ["/", ["GET", "k"]],
      ["/pipeline", [["GET", "k"]]],
      ["/multi-exec", [["INCR", "n"]]],
    ] as const) {
      const started = Date.now();
      const answer = await call(gateway, path, { body });
      expect(Date.now() - started).toBeLessThan(3500);
      // 503 once the client knows the connection is gone; 504 when the command was already on the dead socket
      // or reconnecting takes longer than the command timeout.
      expect([503, 504], answer.text).toContain(answer.status);
      expect(answer.json.error).toMatch(/^Redis (is unavailable|did not answer in time)/);
      assertSafeError(answer, redis);
    }
    await redis.start();
    await waitFor(
      async () => (await call(gateway, "/", { body: ["PING"] })).status === 200,
      "the gateway to recover",
    );
    expect((await call(gateway, "/set/k/back")).json).toEqual({ result: "OK" });
    expect((await call(gateway, "/get/k")).json).toEqual({ result: "back" });
  });

  it("answers 504 when Redis hangs, and recovers when it answers again", async () => {
    redis.pause();
    try {
      const started = Date.now();
      const answer = await call(gateway, "/", { body: ["GET", "k"] });
      expect(Date.now() - started).toBeLessThan(3500);
      expect(answer.status, answer.text).toBe(504);
      expect(answer.json.error).toMatch(/did not answer in time|did not finish/);
      assertSafeError(answer, redis);
    } finally {
      redis.resume();
    }
    await waitFor(
      async () => (await call(gateway, "/", { body: ["PING"] })).status === 200,
      "the gateway to recover",
    );
    expect((await call(gateway, "/get/k")).json).toEqual({ result: "back" });
  });

  it("a Redis restart only fails the requests in flight", async () => {
    await redis.kill();
    const during = await call(gateway, "/get/k");
    expect([503, 504]).toContain(during.status);
    await redis.start();
    await waitFor(
      async () => (await call(gateway, "/", { body: ["PING"] })).status === 200,
      "the gateway to recover",
    );
    const after = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call(gateway, `/incr/after`).then((a) => a.json.result ?? i)),
    );
    expect(after.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});

describe("request timeout", () => {
  it("answers 504 when a request outlives requestTimeout, without leaking internals", async () => {
    const server = await startRedis();
    const gateway = await createGateway({
      redis: server.url,
      tokens: [{ token: "rw-token" }],
      port: 0,
      deny: [],
      requestTimeout: 300,
      commandTimeout: 5000,
    });
    try {
      const answer = await call(gateway, "/", { body: busyScript(1000) });
      expect(answer.status).toBe(504);
      expect(answer.json.error).toMatch(/did not finish within 300 ms; its outcome is unknown/);
      assertSafeError(answer, server);
      // SELECT stays refused even with an empty deny list.
      expect((await call(gateway, "/", { body: ["SELECT", "2"] })).status).toBe(400);
      await waitFor(
        async () => (await call(gateway, "/", { body: ["PING"] })).status === 200,
        "Redis to wake up",
      );
    } finally {
      await gateway.close();
      await server.stop();
    }
  });

  it("close() lets a request in flight finish, then refuses new connections", async () => {
    const server = await startRedis();
    const gateway = await createGateway({
      redis: server.url,
      tokens: [{ token: "rw-token" }],
      port: 0,
      deny: [],
    });
    try {
      const slow = call(gateway, "/", { body: busyScript(300) });
      await new Promise((resolve) => setTimeout(resolve, 50));
      await gateway.close();
      expect((await slow).json).toEqual({ result: "OK" });
      await expect(call(gateway, "/", { body: ["PING"] })).rejects.toThrow();
    } finally {
      await gateway.close();
      await server.stop();
    }
  });
});
