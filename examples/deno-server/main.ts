/**
 * A Deno server rate limited per client address, over the HTTP transport (Upstash, or @beeredis/gateway in front
 * of your own Redis): the same code runs on Deno Deploy.
 *
 *   REDIS_URL=https://… REDIS_TOKEN=… deno run --allow-net --allow-env main.ts
 */
import { LiteRegistry } from "@beeredis/core";
import { rateLimit } from "@beeredis/hono";
import { http } from "@beeredis/upstash";
import { Hono } from "hono";

type App = { Bindings: { clientAddress: string } };

const url = Deno.env.get("REDIS_URL");
const token = Deno.env.get("REDIS_TOKEN");
if (!url || !token) throw new Error("Set REDIS_URL (https://…) and REDIS_TOKEN.");

// One registry for the process: HTTP pools hold no connection, and the registry is cheap to keep.
const registry = await new LiteRegistry({ transport: http({ token }) }).registerRedis(url, 0).validate();
const redis = registry.createEngine().getRedis();

const app = new Hono<App>();
app.use(
  rateLimit<App>({
    limiter: redis.rateLimiter({ limit: 5, window: "10s" }),
    // Reached directly, the socket's address is the one to trust (not a header the client can set).
    key: (c) => `ip:${c.env.clientAddress}`,
  }),
);
app.get("/", (c) => c.text(`Hello from Deno ${Deno.version.deno}`));

Deno.serve(
  {
    port: Number(Deno.env.get("PORT") ?? 8000),
    onListen: ({ hostname, port }) => console.log(`listening on http://${hostname}:${port}`),
  },
  (request, info) => {
    const clientAddress = info.remoteAddr.transport === "tcp" ? info.remoteAddr.hostname : "unknown";
    return app.fetch(request, { clientAddress });
  },
);
