/**
 * The demo as a Cloudflare Worker: the same Hono app over the HTTP transport (@beeredis/upstash), talking to a
 * gateway (@beeredis/gateway) or Upstash. Bindings:
 * - GATEWAY_URL: the gateway's URL, e.g. https://redis-gateway.example.com
 * - GATEWAY_TOKEN: its token for database 0 (pool "default")
 * - GATEWAY_TEST_TOKEN (optional): a token mapped to database 3 (pool "test")
 *
 * Nightly-job runs live in the memory of one isolate; the page says so.
 */
import { Registry } from "@beeredis/core";
import { http } from "@beeredis/upstash";
import type { ExecutionContext, Hono } from "hono";
import { createApp } from "./src/app.js";
import { JobBoard } from "./src/jobs/job-board.js";

export interface Env {
  GATEWAY_URL?: string;
  GATEWAY_TOKEN?: string;
  GATEWAY_TEST_TOKEN?: string;
}

const PER_ISOLATE_NOTE =
  "On Workers, runs live in the memory of one isolate: the instances keep running after the response " +
  "(waitUntil), and the page polls that isolate. If a poll reaches another isolate, the page says so.";

let cached: { key: string; app: Promise<Hono> } | undefined;

/** One app per isolate and configuration: registries are cheap, and HTTP pools hold no connection. */
function appFor(env: Env & { GATEWAY_URL: string; GATEWAY_TOKEN: string }): Promise<Hono> {
  const key = JSON.stringify([env.GATEWAY_URL, env.GATEWAY_TOKEN, env.GATEWAY_TEST_TOKEN ?? ""]);
  if (cached?.key !== key) {
    const registry = new Registry({ transport: http() });
    registry.registerRedis(env.GATEWAY_URL, 0, "default", { token: env.GATEWAY_TOKEN });
    if (env.GATEWAY_TEST_TOKEN)
      registry.registerRedis(env.GATEWAY_URL, 3, "test", { token: env.GATEWAY_TEST_TOKEN });
    const app = registry.validate().then((validated) =>
      createApp({
        registry: validated,
        jobs: new JobBoard({ connect: () => registry.validate() }),
        transport: "HTTP (@beeredis/upstash) on Cloudflare Workers",
        perIsolateNote: PER_ISOLATE_NOTE,
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
