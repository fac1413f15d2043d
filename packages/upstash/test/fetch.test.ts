/** `http({ fetch })`, and what reaches the network when it fails: retried only when it surely never arrived. */
import { type AddressInfo, createServer, type Server } from "node:net";
import { Registry, ReplyError, TransportError, type ValidatedRegistry } from "@beeredis/core";
import { createGateway, type Gateway } from "@beeredis/gateway";
import { freePort, type RedisServer, startRedis } from "@beeredis/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { http } from "../src/index.js";

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe("http({ fetch })", () => {
  let server: RedisServer;
  let gateway: Gateway;

  beforeAll(async () => {
    server = await startRedis();
    gateway = await createGateway({ redis: server.url, tokens: [{ token: "t" }], port: 0 });
  });
  afterAll(async () => {
    await gateway.close();
    await server.stop();
  });

  it("sends every request through the given fetch, called without a `this`, and never the global one", async () => {
    const seen: { url: string; self: unknown }[] = [];
    const realFetch = globalThis.fetch;
    let globalCalls = 0;
    globalThis.fetch = (input, init) => {
      globalCalls++;
      return realFetch(input, init);
    };
    const registry = await new Registry({
      transport: http({
        token: "t",
        fetch(url, init) {
          seen.push({ url, self: this });
          return realFetch(url, init);
        },
      }),
    })
      .registerRedis(`${gateway.url}/`, 0)
      .validate();
    try {
      const pool = registry.createEngine().getRedis();
      expect(await pool.set("k", "v")).toBe("OK");
      expect(await pool.pipeline().get("k").incr("n").exec()).toEqual(["v", 1]);
      expect(await pool.rateLimit("user", "1m", 1)).toBe(true);
      expect(globalCalls).toBe(0);
      expect(seen.length).toBeGreaterThanOrEqual(3);
      // The trailing slash of the pool address is not doubled.
      expect(seen.map((call) => new URL(call.url).pathname)).toContain("/pipeline");
      expect(seen.every((call) => call.url.startsWith(gateway.url) && !call.url.includes("//pipeline"))).toBe(
        true,
      );
      expect(seen.every((call) => call.self === undefined)).toBe(true);
    } finally {
      globalThis.fetch = realFetch;
      await registry.close();
    }
  });

  it("a wrong token is a TransportError naming the 401, not retried, without the token", async () => {
    let calls = 0;
    const registry = await new Registry({
      transport: http({
        token: "wrong",
        fetch: (url, init) => {
          calls++;
          return fetch(url, init);
        },
      }),
    })
      .registerRedis(gateway.url, 0)
      .validate();
    try {
      const error = await rejection(registry.createEngine().getRedis().get("k"));
      expect(error).toBeInstanceOf(TransportError);
      expect((error as Error).message).toMatch(
        /^Redis pool "default" \(http:\/\/127\.0\.0\.1:\d+\/\): HTTP 401 from .*Unauthorized.*Check the pool.s token\./,
      );
      expect((error as Error).message).not.toContain("wrong");
      expect(calls).toBe(1);
    } finally {
      await registry.close();
    }
  });
});

describe("failures on the way", () => {
  let registries: ValidatedRegistry[] = [];
  const connect = async (url: string, fetchCalls: { count: number }) => {
    const registry = await new Registry({
      transport: http({
        token: "t",
        retries: 2,
        fetch: (target, init) => {
          fetchCalls.count++;
          return fetch(target, init);
        },
      }),
    })
      .registerRedis(url, 0)
      .validate();
    registries.push(registry);
    return registry.createEngine().getRedis();
  };
  afterAll(async () => {
    await Promise.all(registries.map((registry) => registry.close()));
    registries = [];
  });

  it("a connection reset after the request arrived is a TransportError, and the request is sent once", async () => {
    let received = 0;
    const endpoint: Server = createServer((socket) => {
      socket.on("data", (chunk) => {
        if (chunk.toString("latin1").startsWith("POST")) received++;
        socket.destroy();
      });
    });
    await new Promise<void>((resolve) => endpoint.listen(0, "127.0.0.1", resolve));
    try {
      const calls = { count: 0 };
      const pool = await connect(`http://127.0.0.1:${(endpoint.address() as AddressInfo).port}`, calls);
      expect(await rejection(pool.incr("n"))).toBeInstanceOf(TransportError);
      expect(received).toBe(1);
      expect(calls.count).toBe(1);
    } finally {
      endpoint.close();
    }
  });

  it("a pool pointed at a Redis server's own port: a TransportError that says to reach it with tcp(), and Redis ran nothing", async () => {
    const redis = await startRedis();
    const redisGateway = await createGateway({ redis: redis.url, tokens: [{ token: "t" }], port: 0 });
    try {
      const pool = await connect(`http://${redis.host}:${redis.port}`, { count: 0 });
      const error = (await rejection(pool.incr("n"))) as TransportError;
      expect(error).toBeInstanceOf(TransportError);
      // Reset or ended, as the close races the request's last bytes.
      expect(error.message).toMatch(
        /^Redis pool "default" \(http:\/\/[\d.]+:\d+\/\): connection (reset|lost)\. /,
      );
      expect(error.message).toMatch(
        / Is the URL a REST endpoint \(Upstash, or a beeredis gateway\)\? A Redis server's own port drops HTTP requests: reach it with tcp\(\) from @beeredis\/ioredis\. The command's outcome is unknown\.$/,
      );
      expect(await (await connect(redisGateway.url, { count: 0 })).get("n")).toBeNull();
    } finally {
      await redisGateway.close();
      await redis.stop();
    }
  });

  it("once the URL has answered, a connection closed unanswered no longer suggests it is a Redis port", async () => {
    let requests = 0;
    const endpoint: Server = createServer((socket) => {
      socket.on("data", () => {
        if (++requests > 1) return void socket.destroy();
        socket.write(
          'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n{"result":1}',
        );
      });
    });
    await new Promise<void>((resolve) => endpoint.listen(0, "127.0.0.1", resolve));
    try {
      const pool = await connect(`http://127.0.0.1:${(endpoint.address() as AddressInfo).port}`, {
        count: 0,
      });
      expect(await pool.incr("n")).toBe(1);
      const error = (await rejection(pool.incr("n"))) as TransportError;
      expect(error).toBeInstanceOf(TransportError);
      expect(error.message).toMatch(/: connection (reset|lost)\. The command's outcome is unknown\.$/);
    } finally {
      endpoint.close();
    }
  });

  it("a refused connection is retried `retries` times, then rejects with TransportError", async () => {
    const calls = { count: 0 };
    const pool = await connect(`http://127.0.0.1:${await freePort()}`, calls);
    const error = await rejection(pool.get("k"));
    expect(error).toBeInstanceOf(TransportError);
    expect(calls.count).toBe(3);
  });

  /** Serves every request with `status` and `body`, and resolves to what `get("k")` through it settled with. */
  async function getThrough(status: string, body: string, calls = { count: 0 }): Promise<unknown> {
    const endpoint = await new Promise<Server>((resolve) => {
      const server = createServer((socket) =>
        socket.once("data", () =>
          socket.end(
            `HTTP/1.1 ${status}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
          ),
        ),
      );
      server.listen(0, "127.0.0.1", () => resolve(server));
    });
    try {
      const via = await connect(`http://127.0.0.1:${(endpoint.address() as AddressInfo).port}`, calls);
      return await rejection(via.get("k"));
    } finally {
      endpoint.close();
    }
  }

  it("an error status with a non-JSON body is a TransportError naming the status", async () => {
    const calls = { count: 0 };
    const error = await getThrough("502 Bad Gateway", "upstream ko", calls);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toMatch(
      /^Redis pool "default" \(http:\/\/127\.0\.0\.1:\d+\/\): HTTP 502 from http:\S+ \(upstream ko\)\.$/,
    );
    expect(error).toMatchObject({ unreachable: true, reason: expect.stringMatching(/^HTTP 502 from /) });
    expect(calls.count).toBe(1);
  });

  it("a 400 with an { error } body is the command's ReplyError whatever its text; other failures stay TransportError", async () => {
    const reply = await getThrough("400 Bad Request", '{"error":"My error here"}');
    expect(reply).toBeInstanceOf(ReplyError);
    expect(reply).toMatchObject({ message: "My error here", prefix: "" });
    expect(await getThrough("400 Bad Request", "<html>bad request</html>")).toBeInstanceOf(TransportError);
    expect(await getThrough("400 Bad Request", '{"message":"no error field"}')).toBeInstanceOf(
      TransportError,
    );
    expect(await getThrough("503 Service Unavailable", '{"error":"Redis is unavailable"}')).toBeInstanceOf(
      TransportError,
    );
    expect(await getThrough("500 Internal Server Error", '{"error":"ERR boom"}')).toBeInstanceOf(ReplyError);
  });
});
