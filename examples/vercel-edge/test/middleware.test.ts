/**
 * middleware.ts bundled as Next.js bundles middleware (esbuild, the edge-light conditions, process.env inlined)
 * and run in edge-runtime (Vercel's Edge runtime, where neither process nor Buffer exists), against
 * @beeredis/gateway in front of a real redis-server.
 */
import { fileURLToPath } from "node:url";
import { createGateway, type Gateway } from "@beeredis/gateway";
import { type RedisServer, startRedis } from "@beeredis/testkit";
import { EdgeRuntime } from "edge-runtime";
import { build } from "esbuild";
import { afterAll, beforeAll, expect, it } from "vitest";

let redis: RedisServer;
let gateway: Gateway;
let runtime: EdgeRuntime;

beforeAll(async () => {
  redis = await startRedis();
  const token = `edge-${crypto.randomUUID()}`;
  gateway = await createGateway({ redis: redis.url, tokens: [{ token }], port: 0 });
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL("./edge-harness.ts", import.meta.url))],
    bundle: true,
    write: false,
    format: "iife",
    platform: "neutral",
    target: "es2022",
    conditions: ["edge-light", "worker", "browser", "import"],
    mainFields: ["module", "main"],
    define: {
      "process.env.REDIS_URL": JSON.stringify(gateway.url),
      "process.env.REDIS_TOKEN": JSON.stringify(token),
    },
    logLevel: "silent",
  });
  runtime = new EdgeRuntime({ initialCode: bundle.outputFiles[0]!.text });
});
afterAll(async () => {
  await gateway?.close();
  await redis?.stop();
});

async function request(ip: string): Promise<Response> {
  const response = await runtime.dispatchFetch("https://example.vercel.app/api/hello", {
    headers: { "x-real-ip": ip, "x-forwarded-for": `${ip}, 10.0.0.1` },
  });
  await response.waitUntil();
  return response;
}

it("lets 20 requests per 10 s through for one IP, then answers 429; other IPs are not affected", async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 20; i++) statuses.push((await request("198.51.100.1")).status);
  expect(statuses).toEqual(Array(20).fill(200));

  const denied = await request("198.51.100.1");
  expect(denied.status).toBe(429);
  expect(Number(denied.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  expect(denied.headers.get("ratelimit-policy")).toBe('"default";q=20;w=10');
  expect(denied.headers.get("ratelimit")).toMatch(/^"default";r=0;t=\d+$/);

  const other = await request("198.51.100.2");
  expect(other.status).toBe(200);
  expect(other.headers.get("x-middleware-next")).toBe("1");
});
