import { Registry, type ValidatedRegistry } from "@beeredis/core";
import { createGateway, type Gateway } from "@beeredis/gateway";
import { tcp } from "@beeredis/ioredis";
import { type RedisServer, startRedis } from "@beeredis/testkit";
import { http } from "@beeredis/upstash";
import type { Hono } from "hono";
import { type AppOptions, createApp } from "../src/app.js";
import { httpTransport, TCP_TRANSPORT } from "../src/runtime.js";

/** A private Redis, and a registry with the seed's two pools over TCP or HTTP (through a gateway). */
export interface Backend {
  redis: RedisServer;
  registry: Registry;
  validated: ValidatedRegistry;
  gateway?: Gateway;
  tokens?: { default: string; test: string };
  close(): Promise<void>;
}

export async function startBackend(transport: "tcp" | "http", redis?: RedisServer): Promise<Backend> {
  const server = redis ?? (await startRedis());
  const ownsRedis = redis === undefined;
  let gateway: Gateway | undefined;
  let tokens: Backend["tokens"];
  let registry: Registry;
  if (transport === "http") {
    tokens = { default: `t0-${crypto.randomUUID()}`, test: `t3-${crypto.randomUUID()}` };
    gateway = await createGateway({
      redis: `${server.host}:${server.port}`,
      tokens: [
        { token: tokens.default, db: 0 },
        { token: tokens.test, db: 3 },
      ],
      port: 0,
    });
    registry = new Registry({ transport: http() });
    registry.registerRedis(gateway.url, 0, "default", { token: tokens.default });
    registry.registerRedis(gateway.url, 3, "test", { token: tokens.test });
  } else {
    registry = new Registry({ transport: tcp() });
    registry.registerRedis(`${server.host}:${server.port}`, 0);
    registry.registerRedis(`${server.host}:${server.port}`, 3, "test");
  }
  const validated = await registry.validate({ connect: true });
  return {
    redis: server,
    registry,
    validated,
    gateway,
    tokens,
    async close() {
      await validated.close();
      await gateway?.close();
      if (ownsRedis) await server.stop();
    },
  };
}

/** A form body as the browser sends it. */
export function form(fields: Record<string, string>): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  };
}

/** The app on a backend, named as the runtime its transport stands for. */
export function testApp(backend: Backend, options: Partial<AppOptions> = {}): Hono {
  const tcp = backend.gateway === undefined;
  return createApp({
    registry: backend.validated,
    connect: () => backend.registry.validate(),
    runtime: tcp
      ? { kind: "node", name: "Node (test)", transport: TCP_TRANSPORT }
      : { kind: "edge", name: "Edge (test)", transport: httpTransport(backend.gateway!.url) },
    ...options,
  });
}
