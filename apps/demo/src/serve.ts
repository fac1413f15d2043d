/**
 * Starts the demo on Node: finds a Redis, optionally puts the gateway in front of it (HTTP transport), builds the
 * registry and serves the app. Used by the `pnpm demo` entry (src/node.ts) and by the tests.
 */
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Registry, type ValidatedRegistry } from "@beeredis/core";
import { createGateway, type Gateway } from "@beeredis/gateway";
import { tcp } from "@beeredis/ioredis";
import { http } from "@beeredis/upstash";
import { createAdaptorServer } from "@hono/node-server";
import { createApp } from "./app.js";
import { type DemoRedis, findRedis } from "./find-redis.js";
import { JobBoard } from "./jobs/job-board.js";

export interface StartDemoOptions {
  /** Serve over the HTTP transport through a gateway started here, instead of TCP. */
  http?: boolean;
  /** The port; 0 picks a free one. @default PORT, else 3000, falling back to the next free port up to 3009, else any. */
  port?: number;
  /** The interface to listen on. @default HOST, else "127.0.0.1" */
  host?: string;
  /** The Redis to use. @default findRedis(): REDIS_URL, else 127.0.0.1:6379, else a spawned redis-server */
  redis?: DemoRedis;
}

export interface RunningDemo {
  /** The app's URL, e.g. http://127.0.0.1:3000/ */
  url: string;
  /** Lines worth printing: where Redis is, which transport, and the URL. */
  describe: string[];
  /** Stops the server, the job instances, the connections, the gateway and any spawned redis-server. */
  close(): Promise<void>;
}

const DEFAULT_PORT = 3000;
const FALLBACK_PORTS = 9;

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

    let gateway: Gateway | undefined;
    const registry = new Registry(options.http ? { transport: http() } : { transport: tcp() });
    if (options.http) {
      const token = randomBytes(24).toString("hex");
      const testToken = randomBytes(24).toString("hex");
      gateway = await createGateway({
        redis: redis.address,
        tokens: [
          { token, db: 0 },
          { token: testToken, db: 3 },
        ],
        port: 0,
      });
      cleanup.push(() => gateway!.close());
      registry.registerRedis(gateway.url, 0, "default", { token });
      registry.registerRedis(gateway.url, 3, "test", { token: testToken });
      describe.push(
        `Transport: HTTP (@beeredis/upstash) through the gateway at ${gateway.url} (random tokens).`,
      );
    } else {
      registry.registerRedis(redis.address, 0);
      registry.registerRedis(redis.address, 3, "test");
      describe.push("Transport: TCP (@beeredis/ioredis).");
    }
    const validated: ValidatedRegistry = await registry.validate({ connect: true });
    cleanup.push(() => validated.close());
    const jobs = new JobBoard({ connect: () => registry.validate() });
    cleanup.push(() => jobs.stop());

    const app = createApp({
      registry: validated,
      jobs,
      transport: options.http ? "HTTP (@beeredis/upstash) via @beeredis/gateway" : "TCP (@beeredis/ioredis)",
    });
    const server = createAdaptorServer({ fetch: app.fetch });
    const host = options.host ?? process.env.HOST ?? "127.0.0.1";
    const fromEnv = process.env.PORT;
    const port = await listen(
      server as Server,
      host,
      options.port ?? (fromEnv ? Number(fromEnv) : DEFAULT_PORT),
      options.port === undefined && !fromEnv,
    );
    cleanup.push(
      () =>
        new Promise<void>((resolve) => {
          const http1 = server as Server;
          http1.close(() => resolve());
          http1.closeAllConnections?.();
        }),
    );
    const shown = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
    const url = `http://${shown}:${port}/`;
    return { url, describe, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Listens on `port`; when `fallback`, a busy port moves on to the next ones, then to any free port. */
async function listen(server: Server, host: string, port: number, fallback: boolean): Promise<number> {
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be 0..65535, not "${port}".`);
  const candidates = fallback
    ? [...Array.from({ length: FALLBACK_PORTS + 1 }, (_, i) => port + i), 0]
    : [port];
  for (const candidate of candidates) {
    const result = await new Promise<number | NodeJS.ErrnoException>((resolve) => {
      const onError = (error: NodeJS.ErrnoException) => resolve(error);
      server.once("error", onError);
      server.listen(candidate, host, () => {
        server.off("error", onError);
        resolve((server.address() as AddressInfo).port);
      });
    });
    if (typeof result === "number") return result;
    if (result.code !== "EADDRINUSE" || candidate === candidates.at(-1)) {
      throw new Error(`Cannot listen on ${host}:${candidate}: ${result.message}`);
    }
  }
  throw new Error("unreachable");
}
