/**
 * Cloudflare Worker entry (workerd through miniflare), HTTP only, web-standard APIs only (no nodejs_compat).
 * Bindings: GATEWAY_URL and GATEWAY_TOKEN. Any request runs the scenario and answers its JSON result.
 */
import { Registry } from "@beeredis/core";
import { http } from "@beeredis/upstash";
import { runScenario } from "../scenario.js";

interface Env {
  GATEWAY_URL: string;
  GATEWAY_TOKEN: string;
}

export default {
  async fetch(_request: Request, env: Env): Promise<Response> {
    try {
      const registry = new Registry({ transport: http({ token: env.GATEWAY_TOKEN }) });
      registry.registerRedis(env.GATEWAY_URL, 0);
      return Response.json(await runScenario(registry, "http"));
    } catch (error) {
      return new Response(String((error as Error)?.stack ?? error), { status: 500 });
    }
  },
};
