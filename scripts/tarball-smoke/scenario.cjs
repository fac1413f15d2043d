/**
 * The README examples, run from the installed tarballs. `run(modules)` gets the packages as the entry loaded
 * them (esm.mjs with `import`, cjs.cjs with `require`), so both module formats run the same checks.
 */
const assert = require("node:assert/strict");

async function run(label, { core, ioredis, upstash, gateway, testkit, hono, otel, Hono }) {
  const { Registry, LiteRegistry, Minute, Second, ForbiddenCommandError, isBeeRedisError } = core;
  const redis = await testkit.startRedis();
  const address = `${redis.host}:${redis.port}`;
  try {
    // The seed example (root README).
    const registry = new Registry({ transport: ioredis.tcp() });
    registry.registerRedis(address, 0);
    registry.registerRedis(address, 3, "test");
    const validatedRegistry = await registry.validate();
    const engine = validatedRegistry.createEngine();
    const redisPool = engine.getRedis();
    assert.equal(redisPool.getPoolConfig().getDatabase(), 0);
    assert.equal(await redisPool.set("my-key", "some-value", 30), "OK");
    assert.equal(await redisPool.get("my-key"), "some-value");
    assert.equal(await redisPool.lpush("another-key", "value-1", "value-2"), 2);
    assert.equal(await engine.getRedis("test").flushdb(), "OK");
    await assert.rejects(redisPool.call("SELECT", 1), (error) => error instanceof ForbiddenCommandError);

    // Locks and rate limits.
    const allowed = [];
    for (let i = 0; i < 6; i++) allowed.push(await redisPool.rateLimit("login_attempt_ada", Minute, 5));
    assert.deepEqual(allowed, [true, true, true, true, true, false]);
    const locker = redisPool.getLocker();
    const lock = await locker.obtain("test_lock", Minute, 0);
    assert.ok(lock && lock.fencingToken >= 1);
    assert.equal(await locker.obtain("test_lock", Minute, 0), null);
    assert.equal(await lock.release(), true);
    const ran = await locker.withLock("nightly_job", { ttl: "30s", wait: 5 * Second }, async () => "ran");
    assert.equal(ran, "ran");

    // A namespaced pool, observed by a hook and by @beeredis/otel (on the global tracer: a no-op without an SDK).
    const commands = [];
    const observed = await otel
      .instrument(new Registry({ transport: ioredis.tcp() }))
      .onCommand(({ command }) => commands.push(command))
      .registerRedis(address, 0, "app1", { namespace: "app1" })
      .validate();
    assert.equal(await observed.createEngine().getRedis("app1").set("user:1", "Ada"), "OK");
    await observed.close();
    assert.deepEqual(commands, ["SET"]);
    assert.equal(await redisPool.get("app1:user:1"), "Ada");
    await validatedRegistry.close();

    // Everywhere: the HTTP transport through the gateway, on LiteRegistry, and the Hono middleware.
    const token = `smoke-${Math.random().toString(36).slice(2)}`;
    const server = await gateway.createGateway({ redis: redis.url, tokens: [{ token }], port: 0 });
    try {
      const lite = await new LiteRegistry({ transport: upstash.http({ token }) })
        .registerRedis(server.url, 0)
        .validate();
      const pool = lite.createEngine().getRedis();
      assert.equal(await pool.call("SET", "greeting", "hi", "EX", 60), "OK");
      const app = new Hono();
      app.use(hono.rateLimit({ limiter: pool.rateLimiter({ limit: 1, window: "1m" }) }));
      app.get("/", (c) => c.text("ok"));
      const first = await app.request("/", { headers: { "x-real-ip": "192.0.2.1" } });
      const second = await app.request("/", { headers: { "x-real-ip": "192.0.2.1" } });
      assert.deepEqual([first.status, second.status], [200, 429]);
      assert.equal(first.headers.get("RateLimit-Policy"), '"default";q=1;w=60');
      await lite.close();
      await assert.rejects(
        new Registry({ transport: upstash.http({ token }) }).registerRedis("nope", 0).validate(),
        (error) => isBeeRedisError(error) && error.code === "CONFIG",
      );
    } finally {
      await server.close();
    }
  } finally {
    await redis.stop();
  }
  console.log(`${label}: the README examples ran from the tarballs`);
}

module.exports = { run };
