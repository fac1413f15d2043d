/**
 * Cloudflare Worker entry (workerd through miniflare), HTTP only, web-standard APIs only (no nodejs_compat).
 * Bindings: UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN, read with `http.fromEnv(env)` (a Worker has no
 * global environment). Any request runs the scenario and answers its JSON result.
 */
import { Registry } from "@beeredis/core";
import { http } from "@beeredis/upstash";
import { runScenario } from "../scenario.js";

interface Env {
  UPSTASH_REDIS_REST_URL: string;
  UPSTASH_REDIS_REST_TOKEN: string;
}

export default {
  async fetch(_request: Request, env: Env): Promise<Response> {
    try {
      const { transport, url } = http.fromEnv(env);
      const registry = new Registry({ transport }).registerRedis(url, 0);
      return Response.json(await runScenario(registry, "http"));
    } catch (error) {
      return new Response(String((error as Error)?.stack ?? error), { status: 500 });
    }
  },
};
