/**
 * The demo as a Cloudflare Worker: the same Hono app over the HTTP transport (@beeredis/upstash), talking to a
 * gateway (@beeredis/gateway) or Upstash. `pnpm demo` runs it in miniflare beside the Node server. Bindings:
 * - GATEWAY_URL: the gateway's URL, e.g. https://redis-gateway.example.com
 * - GATEWAY_TOKEN: its token for database 0 (pool "default")
 * - GATEWAY_TEST_TOKEN (optional): a token mapped to database 3 (pool "test")
 * - RUNTIME_NAME (optional): how the pages name this runtime. @default "Cloudflare Workers (workerd)"
 * - PEER_URL, PEER_NAME (optional): the same app on another runtime (the Node server), linked from every page
 *
 * Nothing lives in the isolate's memory but the registry: nightly-job runs are in Redis, and each job instance
 * is its own request, so its own invocation.
 */
import { Registry } from "@beeredis/core";
import { http } from "@beeredis/upstash";
import type { ExecutionContext, Hono } from "hono";
import { createApp } from "./src/app.js";
import { httpTransport } from "./src/runtime.js";

export interface Env {
  GATEWAY_URL?: string;
  GATEWAY_TOKEN?: string;
  GATEWAY_TEST_TOKEN?: string;
  RUNTIME_NAME?: string;
  PEER_URL?: string;
  PEER_NAME?: string;
}

let cached: { key: string; app: Promise<Hono> } | undefined;

/** One app per isolate and configuration: registries are cheap, and HTTP pools hold no connection. */
function appFor(env: Env & { GATEWAY_URL: string; GATEWAY_TOKEN: string }): Promise<Hono> {
  const { GATEWAY_URL, GATEWAY_TOKEN, GATEWAY_TEST_TOKEN, RUNTIME_NAME, PEER_URL, PEER_NAME } = env;
  const key = JSON.stringify([
    GATEWAY_URL,
    GATEWAY_TOKEN,
    GATEWAY_TEST_TOKEN,
    RUNTIME_NAME,
    PEER_URL,
    PEER_NAME,
  ]);
  if (cached?.key !== key) {
    const registry = new Registry({ transport: http() });
    registry.registerRedis(env.GATEWAY_URL, 0, "default", { token: env.GATEWAY_TOKEN });
    if (env.GATEWAY_TEST_TOKEN)
      registry.registerRedis(env.GATEWAY_URL, 3, "test", { token: env.GATEWAY_TEST_TOKEN });
    const app = registry.validate().then((validated) =>
      createApp({
        registry: validated,
        connect: () => registry.validate(),
        runtime: {
          kind: "edge",
          name: env.RUNTIME_NAME || "Cloudflare Workers (workerd)",
          transport: httpTransport(env.GATEWAY_URL),
        },
        peer: env.PEER_URL ? { url: env.PEER_URL, name: env.PEER_NAME || env.PEER_URL } : undefined,
      }),
    );
    app.catch(() => {
      if (cached?.app === app) cached = undefined;
    });
    cached = { key, app };
  }
  return cached.app;
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const { GATEWAY_URL, GATEWAY_TOKEN } = env;
    if (!GATEWAY_URL || !GATEWAY_TOKEN) {
      return new Response(
        "The demo Worker needs the GATEWAY_URL and GATEWAY_TOKEN bindings (see apps/demo/README.md).\n",
        { status: 500, headers: { "content-type": "text/plain; charset=utf-8" } },
      );
    }
    const app = await appFor({ ...env, GATEWAY_URL, GATEWAY_TOKEN });
    return app.fetch(request, env, ctx);
  },
};
