/**
 * A Cloudflare Worker: every request is rate limited per client IP, and POST /visits runs a read-modify-write
 * job on Workers KV under a beeredis lock. KV has no compare-and-set: two invocations updating the same value at
 * once would lose one update. The lock makes them take turns, and the lock's fencing token, stored with the
 * value, lets a holder that lost its lock see it before writing.
 */
import { type LitePool, LiteRegistry } from "@beeredis/core";
import { rateLimit } from "@beeredis/hono";
import { http } from "@beeredis/upstash";
import { Hono } from "hono";

/** The part of Workers KV used here (the full type is `KVNamespace` from @cloudflare/workers-types). */
interface KV {
  get(key: string): Promise<string | null>;
  put(key: string, value: string): Promise<void>;
}

export interface Env {
  REDIS_URL: string;
  REDIS_TOKEN: string;
  REPORTS: KV;
}

type App = { Bindings: Env; Variables: { redis: LitePool } };

/** What POST /visits keeps in KV. */
export interface VisitReport {
  visits: number;
  /** The fencing token of the last lock holder that wrote it. */
  fence: number;
}

const app = new Hono<App>();

// A registry per request: in Workers, one request must not settle another's promise, which sharing an HTTP
// pool's auto-pipelined requests could do. Creating it is cheap, offline, and HTTP pools hold no connection.
app.use(async (c, next) => {
  const registry = await new LiteRegistry({ transport: http({ token: c.env.REDIS_TOKEN }) })
    .registerRedis(c.env.REDIS_URL, 0)
    .validate();
  c.set("redis", registry.createEngine().getRedis());
  try {
    await next();
  } finally {
    c.executionCtx.waitUntil(registry.close());
  }
});

// 10 requests per 10 seconds per client IP (Cloudflare sets cf-connecting-ip).
app.use(rateLimit<App>({ limiter: (c) => c.var.redis.rateLimiter({ limit: 10, window: "10s" }) }));

app.get("/", (c) => c.text("Hello from a Cloudflare Worker"));

app.post("/visits", async (c) => {
  const report = await c.var.redis
    .getLocker()
    .withLock("lock:visits", { ttl: "5s", wait: "10s" }, async (signal, lock) => {
      const stored = await c.env.REPORTS.get("visits");
      const current: VisitReport = stored ? JSON.parse(stored) : { visits: 0, fence: 0 };
      if (current.fence >= lock.fencingToken || signal.aborted) throw new Error("lost the lock; not writing");
      const next: VisitReport = { visits: current.visits + 1, fence: lock.fencingToken };
      await c.env.REPORTS.put("visits", JSON.stringify(next));
      return next;
    });
  return c.json(report);
});

export default app;
