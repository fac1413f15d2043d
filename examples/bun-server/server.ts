/**
 * A Bun server over TCP (@beeredis/ioredis; Bun runs ioredis): a rate limit per client address, and a lock that
 * lets one request at a time rebuild a cached report.
 *
 *   REDIS_URL=redis://127.0.0.1:6379 bun run server.ts
 */
import { Registry } from "@beeredis/core";
import { rateLimit } from "@beeredis/hono";
import { tcp } from "@beeredis/ioredis";
import { Hono } from "hono";

type App = { Bindings: { clientAddress: string } };

const registry = new Registry({ transport: tcp() });
registry.registerRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", 0);
const redis = (await registry.validate()).createEngine().getRedis();

const app = new Hono<App>();
app.use(
  "/api/*",
  rateLimit<App>({
    limiter: redis.rateLimiter({ algorithm: "gcra", limit: 10, window: "1m" }),
    // Reached directly, the socket's address is the one to trust (not a header the client can set).
    key: (c) => `ip:${c.env.clientAddress}`,
  }),
);

app.get("/api/hello", (c) => c.text(`Hello from Bun ${Bun.version}`));

// Rebuilds a report once while requests pile up: the first takes the lock, the others wait and read its result.
app.post("/api/report", async (c) => {
  const cached = await redis.get("report");
  if (cached) return c.json({ report: cached, rebuilt: false });
  return redis.getLocker().withLock("report:rebuild", { ttl: "10s", wait: "15s" }, async (_signal, lock) => {
    const again = await redis.get("report");
    if (again) return c.json({ report: again, rebuilt: false });
    await Bun.sleep(200); // the slow part: querying, aggregating...
    const report = `built by holder #${lock.fencingToken} at ${new Date().toISOString()}`;
    await redis.set("report", report, 60);
    return c.json({ report, rebuilt: true });
  });
});

const server = Bun.serve({
  port: Number(process.env.PORT ?? 3000),
  fetch: (request, server) =>
    app.fetch(request, { clientAddress: server.requestIP(request)?.address ?? "unknown" }),
});
console.log(`listening on ${server.url.origin}`);
