/**
 * src/index.ts bundled as wrangler bundles it (esbuild, the workerd conditions) and run in workerd through
 * miniflare, with the KV binding and compatibility date of wrangler.toml, against @beeredis/gateway in front of a
 * real redis-server.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createGateway, type Gateway } from "@beeredis/gateway";
import { type RedisServer, startRedis } from "@beeredis/testkit";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { VisitReport } from "../src/index.js";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The few wrangler.toml settings the test needs (miniflare does not read wrangler.toml). */
function wranglerSettings() {
  const toml = readFileSync(here("../wrangler.toml"), "utf8");
  const value = (key: string) => new RegExp(`^${key} = "([^"]+)"`, "m").exec(toml)?.[1];
  return { main: value("main")!, compatibilityDate: value("compatibility_date")!, kv: value("binding")! };
}

let redis: RedisServer;
let gateway: Gateway;
let mf: Miniflare;

beforeAll(async () => {
  redis = await startRedis();
  const token = `worker-${crypto.randomUUID()}`;
  gateway = await createGateway({ redis: redis.url, tokens: [{ token }], port: 0 });
  const settings = wranglerSettings();
  const bundle = await build({
    entryPoints: [here(`../${settings.main}`)],
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser", "import"],
    mainFields: ["module", "main"],
    logLevel: "silent",
  });
  mf = new Miniflare({
    modules: true,
    script: bundle.outputFiles[0]!.text,
    compatibilityDate: settings.compatibilityDate,
    kvNamespaces: [settings.kv],
    bindings: { REDIS_URL: gateway.url, REDIS_TOKEN: token },
  });
});
afterAll(async () => {
  await mf?.dispose();
  await gateway?.close();
  await redis?.stop();
});

const from = (ip: string) => ({ headers: { "cf-connecting-ip": ip } });

it("eight concurrent POST /visits take turns under the lock: no update is lost, fences increase", async () => {
  const responses = await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      mf.dispatchFetch("http://worker.test/visits", { method: "POST", ...from(`203.0.113.${i}`) }),
    ),
  );
  const reports = await Promise.all(responses.map(async (r) => (await r.json()) as VisitReport));
  expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
  expect(reports.map((r) => r.visits).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  const byVisits = [...reports].sort((a, b) => a.visits - b.visits);
  for (let i = 1; i < byVisits.length; i++)
    expect(byVisits[i]!.fence).toBeGreaterThan(byVisits[i - 1]!.fence);
  // Miniflare types the namespace with @cloudflare/workers-types, which this project does not install.
  const kv = (await mf.getKVNamespace("REPORTS")) as unknown as { get(key: string): Promise<string | null> };
  expect(JSON.parse((await kv.get("visits"))!)).toEqual(byVisits.at(-1));
});

it("limits each client IP to 10 requests per 10 s, with the RateLimit headers", async () => {
  const statuses: number[] = [];
  let last: Awaited<ReturnType<Miniflare["dispatchFetch"]>> | undefined;
  for (let i = 0; i < 11; i++) {
    last = await mf.dispatchFetch("http://worker.test/", from("198.51.100.9"));
    statuses.push(last.status);
    await last.text();
  }
  expect(statuses).toEqual([...Array(10).fill(200), 429]);
  expect(last!.headers.get("ratelimit-policy")).toBe('"default";q=10;w=10');
  expect(Number(last!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  const other = await mf.dispatchFetch("http://worker.test/", from("198.51.100.10"));
  expect(await other.text()).toBe("Hello from a Cloudflare Worker");
});
