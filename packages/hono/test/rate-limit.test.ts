/** rateLimit() in a Hono app, deciding on a real redis-server over TCP. */
import { InvalidArgumentError, type RedisPool, Registry, type ValidatedRegistry } from "@beeredis/core";
import { tcp } from "@beeredis/ioredis";
import { freePort, type RedisServer, startRedis } from "@beeredis/testkit";
import { Hono } from "hono";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rateLimit } from "../src/index.js";

describe("rateLimit middleware", () => {
  let server: RedisServer;
  let registry: ValidatedRegistry;
  let pool: RedisPool;

  beforeAll(async () => {
    server = await startRedis();
    registry = await new Registry({ transport: tcp() })
      .registerRedis(`${server.host}:${server.port}`, 0)
      .validate();
    pool = registry.createEngine().getRedis();
  });
  beforeEach(async () => {
    await pool.call("FLUSHDB");
  });
  afterAll(async () => {
    await registry?.close();
    await server?.stop();
  });

  const get = (app: Hono, headers: Record<string, string> = {}) => app.request("/", { headers });

  it("sets RateLimit-Policy and RateLimit on allowed requests, then answers 429 with Retry-After", async () => {
    const app = new Hono();
    app.use(rateLimit({ limiter: pool.rateLimiter({ limit: 3, window: "1m" }) }));
    app.get("/", (c) => c.text("hello"));
    const ip = { "cf-connecting-ip": "203.0.113.7" };

    const seen: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await get(app, ip);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe("hello");
      expect(response.headers.get("RateLimit-Policy")).toBe('"default";q=3;w=60');
      expect(response.headers.get("Retry-After")).toBeNull();
      seen.push(response.headers.get("RateLimit"));
    }
    expect(seen).toEqual(['"default";r=2;t=60', '"default";r=1;t=60', '"default";r=0;t=60']);

    const denied = await get(app, ip);
    expect(denied.status).toBe(429);
    expect(await denied.text()).toBe("Too Many Requests");
    expect(denied.headers.get("RateLimit")).toMatch(/^"default";r=0;t=(59|60)$/);
    expect(Number(denied.headers.get("Retry-After"))).toBeGreaterThanOrEqual(59);
    expect(Number(denied.headers.get("Retry-After"))).toBeLessThanOrEqual(60);
  });

  it("counts each client IP apart: cf-connecting-ip, x-real-ip, the first hop of x-forwarded-for", async () => {
    const app = new Hono();
    app.use(rateLimit({ limiter: pool.rateLimiter({ limit: 1, window: "1m" }) }));
    app.get("/", (c) => c.text("ok"));
    expect((await get(app, { "x-forwarded-for": "198.51.100.1, 10.0.0.1" })).status).toBe(200);
    expect((await get(app, { "x-forwarded-for": "198.51.100.1, 10.0.0.2" })).status).toBe(429);
    expect((await get(app, { "x-real-ip": "198.51.100.2" })).status).toBe(200);
    expect((await get(app, { "cf-connecting-ip": "198.51.100.3", "x-real-ip": "198.51.100.2" })).status).toBe(
      200,
    );
    expect(await pool.call("ZCARD", "rate:{ip:198.51.100.1}")).toBe(1);
    expect(await pool.call("ZCARD", "rate:{ip:198.51.100.3}")).toBe(1);
  });

  it("takes a key, a cost, a policy name (quoted as a Structured Field String) and an onLimited answer", async () => {
    const app = new Hono();
    app.use(
      rateLimit({
        limiter: pool.rateLimiter({ algorithm: "gcra", limit: 10, window: "10s" }),
        key: (c) => `user:${c.req.header("x-user")}`,
        cost: (c) => Number(c.req.header("x-cost") ?? 1),
        policy: 'per "user"',
        onLimited: (c, result) => c.json({ retryAfterMs: result.retryAfterMs }, 429),
      }),
    );
    app.get("/", (c) => c.text("ok"));
    const first = await get(app, { "x-user": "ada", "x-cost": "8" });
    expect(first.status).toBe(200);
    expect(first.headers.get("RateLimit-Policy")).toBe('"per \\"user\\"";q=10;w=10');
    expect(first.headers.get("RateLimit")).toMatch(/^"per \\"user\\"";r=2;t=(8|9)$/);
    const denied = await get(app, { "x-user": "ada", "x-cost": "5" });
    expect(denied.status).toBe(429);
    const body = (await denied.json()) as { retryAfterMs: number };
    expect(body.retryAfterMs).toBeGreaterThan(0);
    expect(denied.headers.get("Retry-After")).toBe(String(Math.ceil(body.retryAfterMs / 1000)));
    expect((await get(app, { "x-user": "bob", "x-cost": "5" })).status).toBe(200);
  });

  it("builds the limiter per request when given a function (configuration from c.env)", async () => {
    type Bindings = { LIMIT: number };
    const app = new Hono<{ Bindings: Bindings }>();
    app.use(
      rateLimit<{ Bindings: Bindings }>({
        limiter: (c) => pool.rateLimiter({ limit: c.env.LIMIT, window: "1m", prefix: "env:" }),
      }),
    );
    app.get("/", (c) => c.text("ok"));
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await app.request("/", {}, { LIMIT: 2 })).status);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it("fails open with onError: 'allow' while Redis is unreachable, without counters it does not know", async () => {
    const down = await new Registry({ transport: tcp(), commandTimeout: 300 })
      .registerRedis(`127.0.0.1:${await freePort()}`, 0, "default", { connectTimeout: 300 })
      .validate();
    try {
      const app = new Hono();
      const limiter = down
        .createEngine()
        .getRedis()
        .rateLimiter({ limit: 1, window: "1m", onError: "allow" });
      app.use(rateLimit({ limiter }));
      app.get("/", (c) => c.text("ok"));
      const response = await get(app);
      expect(response.status).toBe(200);
      expect(response.headers.get("RateLimit-Policy")).toBe('"default";q=1;w=60');
      expect(response.headers.get("RateLimit")).toBeNull();
    } finally {
      await down.close();
    }
  });

  it("several limits: one policy per limit in both headers, named by the limits; the tightest denies, with its Retry-After", async () => {
    const app = new Hono();
    const limiter = pool.rateLimiter({
      limits: [
        { name: "burst", limit: 2, window: "10s" },
        { name: "hourly", limit: 5, window: "1h" },
      ],
    });
    app.use(rateLimit({ limiter }));
    app.get("/", (c) => c.text("ok"));
    const ip = { "x-real-ip": "192.0.2.10" };
    for (const remaining of [
      [1, 4],
      [0, 3],
    ]) {
      const response = await get(app, ip);
      expect(response.status).toBe(200);
      expect(response.headers.get("RateLimit-Policy")).toBe('"burst";q=2;w=10, "hourly";q=5;w=3600');
      expect(response.headers.get("RateLimit")).toMatch(
        new RegExp(`^"burst";r=${remaining[0]};t=(9|10), "hourly";r=${remaining[1]};t=(3599|3600)$`),
      );
    }
    const denied = await get(app, ip);
    expect(denied.status).toBe(429);
    expect(denied.headers.get("RateLimit")).toMatch(/^"burst";r=0;t=(9|10), "hourly";r=3;t=(3599|3600)$/);
    expect(Number(denied.headers.get("Retry-After"))).toBeGreaterThanOrEqual(9);
    expect(Number(denied.headers.get("Retry-After"))).toBeLessThanOrEqual(10);
    // Both limits count one log in Redis: two entries, the denied request charged to neither.
    expect(await pool.call("ZCARD", "rate:multi:{ip:192.0.2.10}")).toBe(2);
  });

  it("several limits across keys: the key function returns a record, and the applied (dynamic) limit is the policy's quota", async () => {
    const app = new Hono();
    const limiter = pool.rateLimiter({
      limits: [
        { name: "per-user", limit: 3, window: "1m", key: "user" },
        { name: "per-ip", limit: 10, window: "1m", key: "ip" },
      ],
      dynamicLimits: true,
    });
    await limiter.setLimit("user:ada", 1, { name: "per-user" });
    app.use(
      rateLimit({ limiter, key: (c) => ({ user: `user:${c.req.header("x-user")}`, ip: "ip:shared" }) }),
    );
    app.get("/", (c) => c.text("ok"));
    const ada = await get(app, { "x-user": "ada" });
    expect(ada.headers.get("RateLimit-Policy")).toBe('"per-user";q=1;w=60, "per-ip";q=10;w=60');
    expect((await get(app, { "x-user": "ada" })).status).toBe(429);
    const bob = await get(app, { "x-user": "bob" });
    expect(bob.status).toBe(200);
    expect(bob.headers.get("RateLimit-Policy")).toBe('"per-user";q=3;w=60, "per-ip";q=10;w=60');
    expect(bob.headers.get("RateLimit")).toMatch(/^"per-user";r=2;t=60, "per-ip";r=8;t=60$/);
    // A one-string key for limits that name their keys is refused by the limiter before anything is sent.
    const wrongKey = new Hono();
    wrongKey.use(rateLimit({ limiter }));
    wrongKey.get("/", (c) => c.text("ok"));
    wrongKey.onError((error, c) => c.text(error.name, 500));
    const refused = await get(wrongKey);
    expect(refused.status).toBe(500);
    expect(await refused.text()).toBe("InvalidArgumentError");
    expect(await pool.call("ZCARD", "rate:multi:{ip:shared}")).toBe(2);
  });

  it("rejects a bad policy name or limiter when the middleware is created", () => {
    const limiter = pool.rateLimiter({ limit: 1, window: "1s" });
    expect(() => rateLimit({ limiter, policy: "" })).toThrow(InvalidArgumentError);
    expect(() => rateLimit({ limiter, policy: "naïve" })).toThrow(InvalidArgumentError);
    expect(() => rateLimit({ limiter, policy: "x".repeat(65) })).toThrow(InvalidArgumentError);
    expect(() => rateLimit({ limiter: {} as never })).toThrow(InvalidArgumentError);
    const limits = (name: string) => pool.rateLimiter({ limits: [{ name, limit: 1, window: "1s" }] });
    expect(() => rateLimit({ limiter: limits("naïve") })).toThrow(InvalidArgumentError);
    expect(() => rateLimit({ limiter: limits("ok"), policy: "default" })).toThrow(
      /with `limits`, each limit's name is its policy's name/,
    );
    expect(() => rateLimit({ limiter: () => limiter, policy: "naïve" })).toThrow(InvalidArgumentError);
  });
});
