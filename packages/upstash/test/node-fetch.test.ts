/**
 * `nodeFetch()` of `@beeredis/upstash/node`: the transport on node:http against a real gateway and real peers (raw
 * node:net and node:http servers for what a gateway would not do: stall, reset, split characters).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { type AddressInfo, connect, createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer as createTlsServer } from "node:tls";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import { type RedisPool, Registry, ReplyError, TransportError, type ValidatedRegistry } from "@beeredis/core";
import { createGateway, type Gateway } from "@beeredis/gateway";
import { tcp } from "@beeredis/ioredis";
import { freePort, type RedisServer, rejection, startRedis, unhandledRejections } from "@beeredis/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { writeTlsFiles } from "../../testkit/src/tls-certs.js";
import { type Fetch, http } from "../src/index.js";
import { nodeFetch } from "../src/node.js";

const TOKEN = "node-fetch-token";
const unhandled = unhandledRejections();
const registries: ValidatedRegistry[] = [];

beforeAll(() => unhandled.start());
afterEach(async () => {
  await Promise.all(registries.splice(0).map((registry) => registry.close()));
  expect(unhandled.reasons).toEqual([]);
});
afterAll(() => unhandled.stop());

/** A pool on `http({ fetch })` at `url`. */
async function poolAt(url: string, fetch: Fetch, commandTimeout = 5000): Promise<RedisPool> {
  const registry = await new Registry({
    transport: http({ token: TOKEN, fetch, retries: 2 }),
    commandTimeout,
  })
    .registerRedis(url, 0)
    .validate();
  registries.push(registry);
  return registry.createEngine().getRedis();
}

/** Listens on a free loopback port; resolves to the server's base URL. */
async function listen(server: Server | HttpServer): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A raw TCP peer: `onRequest` gets each socket once its first bytes arrive. Closing it destroys its sockets. */
async function rawPeer(
  onRequest: (socket: Socket) => void,
): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once("data", () => onRequest(socket));
  });
  const url = await listen(server);
  return {
    url,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const stall = () => undefined;
const headersThenStall = (socket: Socket) =>
  socket.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n[{");
const headersThenReset = (socket: Socket) => {
  socket.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n[{");
  setTimeout(() => socket.resetAndDestroy(), 20);
};

describe("http({ fetch: nodeFetch() }) through the gateway", () => {
  let server: RedisServer;
  let gateway: Gateway;
  let direct: ValidatedRegistry;

  beforeAll(async () => {
    server = await startRedis();
    gateway = await createGateway({ redis: server.url, tokens: [{ token: TOKEN }], port: 0 });
    direct = await new Registry({ transport: tcp() }).registerRedis(server.url, 0).validate();
  });
  afterAll(async () => {
    await direct?.close();
    await gateway?.close();
    await server?.stop();
  });

  it("commands and a pipeline round-trip exact bytes: multi-byte UTF-8 and every byte value", async () => {
    const pool = await poolAt(gateway.url, nodeFetch());
    const text = "héllo wörld – 日本語 🐝 ".repeat(20_000); // ~640 KB: many chunks each way
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    await direct.createEngine().getRedis().set("bytes", bytes); // not UTF-8: REST arguments cannot carry it
    expect(await pool.set("text", text)).toBe("OK");
    expect(await pool.get("text")).toBe(text);
    expect(await pool.getBytes("bytes")).toEqual(bytes);
    expect(await pool.pipeline().set("p", "ünï 🐝").get("p").getBytes("bytes").incr("n").exec()).toEqual([
      "OK",
      "ünï 🐝",
      bytes,
      1,
    ]);
    expect(await pool.multi().incr("n").get("p").exec()).toEqual([2, "ünï 🐝"]);
  });

  it("an error reply is a ReplyError, alone and in a pipeline", async () => {
    const pool = await poolAt(gateway.url, nodeFetch());
    await pool.set("string", "x");
    const alone = await rejection(pool.lpush("string", "a"));
    expect(alone).toBeInstanceOf(ReplyError);
    expect(alone).toMatchObject({ prefix: "WRONGTYPE" });
    const [wrong, value] = await pool.pipeline().lpush("string", "a").get("string").exec();
    expect(wrong).toBeInstanceOf(ReplyError);
    expect(value).toBe("x");
  });

  it("echoes the read-your-writes sync token the gateway answered with", async () => {
    const exchanges: { sent: string | undefined; answered: string | null }[] = [];
    const send = nodeFetch();
    const pool = await poolAt(gateway.url, async (url, init) => {
      const sent = (init.headers as Record<string, string>)["upstash-sync-token"];
      const response = await send(url, init);
      exchanges.push({ sent, answered: response.headers.get("upstash-sync-token") });
      return response;
    });
    await pool.set("k", "1");
    await pool.incr("k");
    expect(await pool.get("k")).toBe("2");
    expect(exchanges).toHaveLength(3);
    expect(exchanges[0]!.sent).toBeUndefined();
    for (let i = 1; i < exchanges.length; i++) {
      expect(exchanges[i - 1]!.answered).toMatch(/\S/);
      expect(exchanges[i]!.sent).toBe(exchanges[i - 1]!.answered);
    }
  });

  it("a subscription receives messages, multi-byte ones included, and ends cleanly", async () => {
    const pool = await poolAt(gateway.url, nodeFetch());
    const sub = pool.subscribe("news");
    await sub.ready;
    expect(await pool.publish("news", "first")).toBe(1);
    expect(await pool.publish("news", "zwëite 🐝")).toBe(1);
    expect((await sub.next()).value).toEqual({ channel: "news", message: "first" });
    expect((await sub.next()).value).toEqual({ channel: "news", message: "zwëite 🐝" });
    await sub.close();
    expect(await sub.next()).toEqual({ done: true, value: undefined });
    // The gateway lets the subscription go once it sees the request aborted.
    const admin = direct.createEngine().getRedis();
    for (let i = 0; i < 50 && (await admin.pubsubNumsub("news")).news !== 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await admin.pubsubNumsub("news")).toEqual({ news: 0 });
  });

  it("a wrong token is a TransportError naming the 401, without the token", async () => {
    const registry = await new Registry({ transport: http({ token: "wrong-secret", fetch: nodeFetch() }) })
      .registerRedis(gateway.url, 0)
      .validate();
    registries.push(registry);
    const error = await rejection(registry.createEngine().getRedis().get("k"));
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toMatch(/HTTP 401 from .*Check the pool.s token\./);
    expect(inspect(error, { depth: 10 })).not.toContain("wrong-secret");
  });

  it("https: URLs go through node:https: the caller's agent trusting the CA works, the default one refuses", async () => {
    const tls = await writeTlsFiles(mkdtempSync(join(tmpdir(), "beeredis-node-fetch-")));
    // Terminates TLS in front of the gateway.
    const terminator = createTlsServer(
      { key: readFileSync(tls.keyFile), cert: readFileSync(tls.certFile) },
      (socket) => {
        const upstream = connect(Number(new URL(gateway.url).port), "127.0.0.1");
        socket.pipe(upstream).pipe(socket);
        upstream.on("error", () => socket.destroy());
        socket.on("error", () => upstream.destroy());
      },
    );
    const sockets = new Set<Socket>();
    terminator.on("connection", (socket: Socket) => sockets.add(socket));
    const url = (await listen(terminator)).replace("http:", "https:");
    const agent = new HttpsAgent({ keepAlive: true, ca: tls.ca });
    try {
      const trusting = await poolAt(url, nodeFetch({ httpsAgent: agent }));
      expect(await trusting.set("tls", "sécurisé")).toBe("OK");
      expect(await trusting.get("tls")).toBe("sécurisé");
      const error = await rejection((await poolAt(url, nodeFetch())).get("tls"));
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({ reason: "TLS: untrusted certificate" });
    } finally {
      agent.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => terminator.close(resolve));
    }
  });

  it("a process that used it exits by itself: idle keep-alive sockets do not hold it", async () => {
    // The child loads the BUILT package through its `./node` export (run `pnpm build` first), as a user would.
    const script = `
      import { Registry } from "@beeredis/core";
      import { http } from "@beeredis/upstash";
      import { nodeFetch } from "@beeredis/upstash/node";
      const registry = await new Registry({ transport: http({ token: "${TOKEN}", fetch: nodeFetch() }) })
        .registerRedis("${gateway.url}", 0)
        .validate();
      const pool = registry.createEngine().getRedis();
      await pool.set("exit", "ok");
      console.log("done", await pool.get("exit"));
    `;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
    });
    let out = "";
    let err = "";
    let doneAt = 0;
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("done")) doneAt ||= Date.now();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    const killer = setTimeout(() => child.kill(), 15_000);
    const code = await new Promise((resolve) => child.once("exit", resolve));
    clearTimeout(killer);
    expect({ code, out: out.trim(), err }).toEqual({ code: 0, out: "done ok", err: "" });
    // The gateway would close the idle socket after 5 s: the child must not have waited for that.
    expect(Date.now() - doneAt).toBeLessThan(2000);
  });
});

describe("failures through nodeFetch(), as the global fetch's", () => {
  it("a peer that never answers: TransportError timedOut after the command timeout", async () => {
    const peer = await rawPeer(stall);
    try {
      const pool = await poolAt(peer.url, nodeFetch(), 200);
      const error = await rejection(pool.get("k"));
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({
        timedOut: true,
        message: expect.stringMatching(/timed out after 200 ms/),
      });
      expect((error as TransportError).cause).toMatchObject({ name: "TimeoutError" });
    } finally {
      await peer.close();
    }
  });

  it("a body that stalls midway: TransportError timedOut too", async () => {
    const peer = await rawPeer(headersThenStall);
    try {
      const pool = await poolAt(peer.url, nodeFetch(), 200);
      const error = await rejection(pool.get("k"));
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({ timedOut: true });
    } finally {
      await peer.close();
    }
  });

  it("a connection reset mid-response rejects with TransportError (the outcome unknown), sent once", async () => {
    const peer = await rawPeer(headersThenReset);
    let calls = 0;
    const send = nodeFetch();
    try {
      const pool = await poolAt(peer.url, (url, init) => {
        calls++;
        return send(url, init);
      });
      const error = await rejection(pool.incr("n"));
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({ sent: true, reason: "connection reset" });
      expect(calls).toBe(1);
    } finally {
      await peer.close();
    }
  });

  it("a refused connection is retried, then TransportError 'Nothing was sent'", async () => {
    let calls = 0;
    const send = nodeFetch();
    const pool = await poolAt(`http://127.0.0.1:${await freePort()}`, (url, init) => {
      calls++;
      return send(url, init);
    });
    const error = await rejection(pool.get("k"));
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ sent: false, reason: "connection refused" });
    expect((error as Error).message).toMatch(/connection refused\..*Nothing was sent\.$/);
    expect(calls).toBe(3);
    expect(inspect(error, { depth: 10 })).not.toContain(TOKEN);
  });

  it("an aborted signal rejects with its reason's name, waiting for the headers and reading the body", async () => {
    const silent = await rawPeer(stall);
    const halfway = await rawPeer(headersThenStall);
    const send = nodeFetch();
    const post = (url: string, signal: AbortSignal) =>
      send(url, { method: "POST", headers: { authorization: `Bearer ${TOKEN}` }, body: "[]", signal });
    try {
      expect(await rejection(post(silent.url, AbortSignal.timeout(50)))).toMatchObject({
        name: "TimeoutError",
      });
      const controller = new AbortController();
      const pending = post(silent.url, controller.signal);
      setTimeout(() => controller.abort(), 20);
      expect(await rejection(pending)).toMatchObject({ name: "AbortError" });

      const timed = await post(halfway.url, AbortSignal.timeout(100));
      expect(timed.status).toBe(200);
      expect(await rejection(timed.text())).toMatchObject({ name: "TimeoutError" });
      const aborted = new AbortController();
      const response = await post(halfway.url, aborted.signal);
      aborted.abort();
      await new Promise((resolve) => setTimeout(resolve, 10)); // aborted before anyone reads
      expect(await rejection(response.text())).toMatchObject({ name: "AbortError" });
      const streamed = new AbortController();
      const reader = (await post(halfway.url, streamed.signal)).body!.getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toBe("[{");
      setTimeout(() => streamed.abort(), 20);
      expect(await rejection(reader.read())).toMatchObject({ name: "AbortError" });
      expect(inspect(response, { depth: 10 })).not.toContain(TOKEN);
    } finally {
      await Promise.all([silent.close(), halfway.close()]);
    }
  });

  it("gives an idle socket up before the server's announced keep-alive timeout closes it", async () => {
    let connections = 0;
    const server = createHttpServer((_, res) => res.end("[]"));
    server.keepAliveTimeout = 2000; // announced as `Keep-Alive: timeout=2`
    server.on("connection", () => connections++);
    const url = await listen(server);
    try {
      const send = nodeFetch();
      await (await send(url, { method: "POST", body: "[]" })).text();
      await (await send(url, { method: "POST", body: "[]" })).text();
      expect(connections).toBe(1); // kept alive
      await new Promise((resolve) => setTimeout(resolve, 1500)); // past 2 s - 1 s, before the server's 2 s
      await (await send(url, { method: "POST", body: "[]" })).text();
      expect(connections).toBe(2);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("reads a body whose multi-byte characters arrive split across chunks", async () => {
    const text = "é🐝日";
    const bytes = Buffer.from(text.repeat(3));
    const server = createHttpServer(async (_, res) => {
      res.writeHead(200, { "content-length": bytes.length });
      for (const byte of bytes) {
        res.write(Buffer.of(byte));
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      res.end();
    });
    const url = await listen(server);
    try {
      const response = await nodeFetch()(url, { method: "POST", body: "" });
      expect(await response.text()).toBe(text.repeat(3));
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
