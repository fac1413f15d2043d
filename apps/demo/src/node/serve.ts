/**
 * Starts the demo: finds a Redis, serves the app on Node over TCP, and (given the Worker bundle) puts the gateway in
 * front of the same Redis and serves the same app from workerd over HTTP, each page linking to its twin. Used by
 * the `pnpm demo` entry (main.ts) and by the tests.
 */
import { randomBytes } from "node:crypto";
import { Registry } from "@beeredis/core";
import { createGateway } from "@beeredis/gateway";
import { tcp } from "@beeredis/ioredis";
import { createApp } from "../app.js";
import { httpTransport, type Peer, type RuntimeInfo, TCP_TRANSPORT } from "../runtime.js";
import { EDGE_RUNTIME_NAME, type EdgeServer, startEdge } from "./edge.js";
import { type DemoRedis, findRedis } from "./find-redis.js";
import { freePort, listenNode } from "./node-server.js";

/** Options of {@link startDemo}. */
export interface StartDemoOptions {
  /** The Node server's port; 0 picks a free one. @default PORT, else 3000, falling back to the next free port up to 3009, else any. */
  port?: number;
  /** The interface to listen on. @default HOST, else "127.0.0.1" */
  host?: string;
  /** The Redis to use. @default findRedis(): REDIS_URL, else 127.0.0.1:6379, else a spawned redis-server */
  redis?: DemoRedis;
  /** The bundled Worker (dist/worker.js). Without it only the Node server starts. */
  workerScript?: string;
}

/** The demo, running: its URLs, what to print, and how to stop it. */
export interface RunningDemo {
  /** The Node server's URL, e.g. http://127.0.0.1:3000/ */
  url: string;
  /** The edge's URL, e.g. http://127.0.0.1:3001/, unless the edge could not start. */
  edgeUrl?: string;
  /** Lines worth printing: where Redis and the gateway are, and what serves each URL. */
  describe: string[];
  /** Stops the servers, the job instances, the connections, the gateway and any spawned redis-server. */
  close(): Promise<void>;
}

const DEFAULT_PORT = 3000;

/** Starts the demo. Rejects with a message saying what to install when no Redis can be found or started. */
export async function startDemo(options: StartDemoOptions = {}): Promise<RunningDemo> {
  const cleanup: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch(() => {});
  };
  try {
    const redis = options.redis ?? (await findRedis());
    cleanup.push(() => redis.release());
    const describe = [`Redis: ${redis.source} (${redis.address}).`];

    const registry = new Registry({ transport: tcp() });
    registry.registerRedis(redis.address, 0);
    registry.registerRedis(redis.address, 3, "test");
    const validated = await registry.validate({ connect: true });
    cleanup.push(() => validated.close());
    const shutdown = new AbortController();
    cleanup.push(async () => shutdown.abort(new Error("The demo is shutting down.")));

    const host = options.host ?? process.env.HOST ?? "127.0.0.1";
    const fromEnv = process.env.PORT;
    const preferred = options.port ?? (fromEnv ? Number(fromEnv) : DEFAULT_PORT);
    const fallback = options.port === undefined && !fromEnv;
    const node = await listenNode(host, preferred, fallback);
    cleanup.push(() => node.close());
    const runtime: RuntimeInfo = { kind: "node", name: runtimeName(), transport: TCP_TRANSPORT };
    describe.push(`Node: ${node.url} (${runtime.name} · ${runtime.transport})`);

    let edge: EdgeServer | undefined;
    if (options.workerScript === undefined) {
      describe.push("Edge: not started (no Worker bundle: run `pnpm build`).");
    } else {
      try {
        const beside = { host, port: preferred === 0 ? 0 : await freePort(host, node.port + 1, true) };
        const peerOfEdge: Peer = { name: runtime.name, url: node.url };
        edge = await startEdgeBeside(
          options.workerScript,
          redis.address,
          beside,
          peerOfEdge,
          cleanup,
          describe,
        );
      } catch (error) {
        describe.push(`Edge: could not start (${(error as Error).message}). The Node server runs alone.`);
      }
    }
    const peer: Peer | undefined = edge && { name: EDGE_RUNTIME_NAME, url: edge.url };
    node.serve(
      createApp({
        registry: validated,
        connect: () => registry.validate(),
        runtime,
        peer,
        signal: shutdown.signal,
      }),
    );
    return { url: node.url, edgeUrl: edge?.url, describe, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The gateway in front of `redis`, then workerd on `at`, its pages linking to `peer` (the Node server). */
async function startEdgeBeside(
  script: string,
  redis: string,
  at: { host: string; port: number },
  peer: Peer,
  cleanup: (() => Promise<void>)[],
  describe: string[],
): Promise<EdgeServer> {
  const token = randomBytes(24).toString("hex");
  const testToken = randomBytes(24).toString("hex");
  const gateway = await createGateway({
    redis,
    tokens: [
      { token, db: 0, role: "tenant" },
      { token: testToken, db: 3, role: "tenant" },
    ],
    port: 0,
    closeTimeout: 1000,
  });
  cleanup.push(() => gateway.close());
  describe.push(`Gateway: ${gateway.url} (@beeredis/gateway; random tenant tokens for databases 0 and 3).`);
  const edge = await startEdge({
    script,
    ...at,
    bindings: {
      GATEWAY_URL: gateway.url,
      GATEWAY_TOKEN: token,
      GATEWAY_TEST_TOKEN: testToken,
      RUNTIME_NAME: EDGE_RUNTIME_NAME,
      PEER_URL: peer.url,
      PEER_NAME: peer.name,
    },
  });
  cleanup.push(() => edge.close());
  describe.push(`Edge: ${edge.url} (${EDGE_RUNTIME_NAME} · ${httpTransport(gateway.url)})`);
  return edge;
}

/** "Node 20.19.4"; Bun and Deno run this entry too, and say so. */
function runtimeName(): string {
  const runtime = globalThis as { Bun?: { version: string }; Deno?: { version: { deno: string } } };
  if (runtime.Bun) return `Bun ${runtime.Bun.version}`;
  if (runtime.Deno) return `Deno ${runtime.Deno.version.deno}`;
  return `Node ${process.versions.node}`;
}
