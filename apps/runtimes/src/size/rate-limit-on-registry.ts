/**
 * Bundle-size probe: the rateLimit-only worker of rate-limit-only.ts on `Registry` instead of `LiteRegistry`, so
 * the records show what `LiteRegistry` saves (every command builder stays in with `Registry`).
 */
import { Minute, Registry } from "@beeredis/core";
import { http } from "@beeredis/upstash";

interface Env {
  GATEWAY_URL: string;
  GATEWAY_TOKEN: string;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const registry = new Registry({ transport: http({ token: env.GATEWAY_TOKEN }) });
    registry.registerRedis(env.GATEWAY_URL, 0);
    const pool = (await registry.validate()).createEngine().getRedis();
    const ip = request.headers.get("cf-connecting-ip") ?? "anonymous";
    return new Response(null, { status: (await pool.rateLimit(`ip:${ip}`, Minute, 5)) ? 204 : 429 });
  },
};
