/**
 * Cloudflare Worker entry (workerd through miniflare), HTTP only, web-standard APIs only (no nodejs_compat).
 * Bindings: UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN, read with `http.fromEnv(env)` (a Worker has no
 * global environment). `POST /lock/take?key=` takes a lock and answers its handle, `POST /lock/release` resumes the
 * handle in its body and releases it (a lock crossing requests); any other request runs the scenario and answers
 * its JSON result.
 */
import { Registry } from "@beeredis/core";
import { http } from "@beeredis/upstash";
import { releaseLock, takeLock } from "../lock-handoff.js";
import { runScenario } from "../scenario.js";

interface Env {
  UPSTASH_REDIS_REST_URL: string;
  UPSTASH_REDIS_REST_TOKEN: string;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    try {
      const { transport, url } = http.fromEnv(env);
      const registry = new Registry({ transport }).registerRedis(url, 0);
      const { pathname, searchParams } = new URL(request.url);
      if (pathname === "/lock/take") return Response.json(await takeLock(registry, searchParams.get("key")!));
      if (pathname === "/lock/release")
        return Response.json(await releaseLock(registry, await request.json()));
      return Response.json(await runScenario(registry, "http"));
    } catch (error) {
      return new Response(String((error as Error)?.stack ?? error), { status: 500 });
    }
  },
};
