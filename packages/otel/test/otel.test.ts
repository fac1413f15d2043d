import { type RedisPool, Registry, ReplyError, type ValidatedRegistry } from "@beeredis/core";
import { tcp } from "@beeredis/ioredis";
import { type RedisServer, startRedis } from "@beeredis/testkit";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { instrument } from "../src/index.js";

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
let server: RedisServer;
let registry: ValidatedRegistry;
let pool: RedisPool;

beforeAll(async () => {
  server = await startRedis();
  registry = await instrument(new Registry({ transport: tcp() }), { tracer: provider.getTracer("test") })
    .registerRedis(`${server.host}:${server.port}`, 0, "main")
    .validate();
  pool = registry.createEngine().getRedis("main");
});
afterAll(async () => {
  await registry?.close();
  await server?.stop();
});
beforeEach(() => exporter.reset());

/** Every attribute value and the name of each finished span, as one string to search for leaks. */
const everything = () =>
  JSON.stringify(exporter.getFinishedSpans().map((span) => [span.name, span.attributes, span.status]));

describe("instrument()", () => {
  it("records one client span per command with the pool and command name, never an argument", async () => {
    await pool.set("secret-key", "secret-value");
    expect(await pool.get("secret-key")).toBe("secret-value");
    const spans = exporter.getFinishedSpans();
    expect(spans.map((span) => span.name)).toEqual(["SET", "GET"]);
    expect(spans[0]?.kind).toBe(SpanKind.CLIENT);
    expect(spans[0]?.attributes).toEqual({
      "db.system.name": "redis",
      "db.operation.name": "SET",
      "beeredis.pool": "main",
    });
    expect(spans.every((span) => span.status.code === SpanStatusCode.UNSET)).toBe(true);
    expect(everything()).not.toMatch(/secret/);
  });

  it("marks a failed command with error.type and no message, and records a batch as one span", async () => {
    await pool.set("secret-string", "v");
    await expect(pool.lpush("secret-string", "secret-item")).rejects.toBeInstanceOf(ReplyError);
    await pool.multi().incr("n").get("n").exec();
    const [, failed, batch] = exporter.getFinishedSpans();
    expect(failed?.status).toEqual({ code: SpanStatusCode.ERROR });
    expect(failed?.attributes["error.type"]).toBe("REPLY_ERROR");
    expect(batch?.name).toBe("MULTI");
    expect(batch?.attributes["db.operation.batch.size"]).toBe(2);
    expect(everything()).not.toMatch(/secret|WRONGTYPE/);
  });

  it("records rate-limit decisions and lock operations without keys", async () => {
    expect(await pool.rateLimit("secret-user", "1m", 1)).toBe(true);
    expect(await pool.rateLimit("secret-user", "1m", 1)).toBe(false);
    const lock = await pool.getLocker().obtain("secret-lock", "5s");
    await lock?.release();
    const spans = exporter.getFinishedSpans().filter((span) => span.name.startsWith("beeredis."));
    expect(
      spans.map((span) => [
        span.name,
        span.attributes["beeredis.rate_limit.allowed"] ?? span.attributes["beeredis.lock.acquired"],
      ]),
    ).toEqual([
      ["beeredis.rate_limit", true],
      ["beeredis.rate_limit", false],
      ["beeredis.lock", true],
    ]);
    expect(spans[0]?.attributes["beeredis.rate_limit.algorithm"]).toBe("sliding-log");
    expect(everything()).not.toMatch(/secret/);
  });

  it("a span lasts as long as its command took", async () => {
    await pool.call("DEBUG", "SLEEP", "0.05");
    const [span] = exporter.getFinishedSpans();
    const [seconds = 0, nanos = 0] = span?.duration ?? [];
    expect(seconds * 1000 + nanos / 1e6).toBeGreaterThanOrEqual(45);
  });

  it("records only the kinds of span asked for", async () => {
    const quiet = await instrument(new Registry({ transport: tcp() }), {
      tracer: provider.getTracer("test"),
      spans: { commands: false },
    })
      .registerRedis(`${server.host}:${server.port}`, 0)
      .validate();
    try {
      await quiet.createEngine().getRedis().rateLimit("k", "1m", 5);
    } finally {
      await quiet.close();
    }
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(["beeredis.rate_limit"]);
  });
});
