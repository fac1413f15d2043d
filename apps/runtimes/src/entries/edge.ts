/**
 * Vercel Edge entry (edge-runtime), HTTP only: a fetch-event listener, as edge-runtime runs it. The request's
 * `x-gateway-url` and `x-gateway-token` headers say where to connect.
 */
import { Registry } from "@beeredis/core";
import { http } from "@beeredis/upstash";
import { runScenario } from "../scenario.js";

interface FetchEvent extends Event {
  request: Request;
  respondWith(response: Promise<Response>): void;
}

async function handle(request: Request): Promise<Response> {
  try {
    // edge-runtime has no process.env: the variables come in an env object, as a Worker's would.
    const { transport, url } = http.fromEnv({
      UPSTASH_REDIS_REST_URL: request.headers.get("x-gateway-url"),
      UPSTASH_REDIS_REST_TOKEN: request.headers.get("x-gateway-token"),
    });
    const registry = new Registry({ transport }).registerRedis(url, 0);
    return Response.json(await runScenario(registry, "http"));
  } catch (error) {
    return new Response(String((error as Error)?.stack ?? error), { status: 500 });
  }
}

addEventListener("fetch", (event) => {
  const fetchEvent = event as FetchEvent;
  fetchEvent.respondWith(handle(fetchEvent.request));
});
