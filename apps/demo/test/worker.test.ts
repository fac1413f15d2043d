/**
 * worker.ts in miniflare (workerd), over the HTTP transport, against a real gateway and redis-server.
 * The Worker is bundled with esbuild from the packages' published `exports` (their dist), as a user's build would:
 * run `pnpm build` first (CI does).
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createGateway, type Gateway } from "@beeredis/gateway";
import { type RedisServer, startRedis } from "@beeredis/testkit";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunView } from "../src/jobs/run-view.js";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Bundles worker.ts for workerd: ESM, web-standard APIs only (no nodejs_compat). */
async function bundleWorker(): Promise<string> {
  for (const pkg of ["core", "upstash"]) {
    const dist = here(`../../../packages/${pkg}/dist/index.js`);
    if (!existsSync(dist))
      throw new Error(`${dist} is missing: run \`pnpm build\` at the repository root first.`);
  }
  const result = await build({
    entryPoints: [here("../worker.ts")],
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser", "import"],
    mainFields: ["module", "main"],
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

describe("worker.ts in miniflare", () => {
  let redis: RedisServer;
  let gateway: Gateway;
  let mf: Miniflare;
  const token = `t0-${crypto.randomUUID()}`;
  const testToken = `t3-${crypto.randomUUID()}`;

  beforeAll(async () => {
    const [script, server] = await Promise.all([bundleWorker(), startRedis()]);
    redis = server;
    gateway = await createGateway({
      redis: `${redis.host}:${redis.port}`,
      tokens: [
        { token, db: 0 },
        { token: testToken, db: 3 },
      ],
      port: 0,
    });
    mf = new Miniflare({
      modules: true,
      script,
      compatibilityDate: "2025-05-01",
      bindings: { GATEWAY_URL: gateway.url, GATEWAY_TOKEN: token, GATEWAY_TEST_TOKEN: testToken },
    });
    await mf.ready;
  });
  afterAll(async () => {
    await mf?.dispose();
    await gateway?.close();
    await redis?.stop();
  });

  const post = (path: string, fields: Record<string, string>, accept = "text/html") =>
    mf.dispatchFetch(`http://demo.test${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept },
      body: new URLSearchParams(fields).toString(),
      redirect: "manual",
    });

  it("serves the login page", async () => {
    const response = await mf.dispatchFetch("http://demo.test/");
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain("<h1>Login</h1>");
    expect(page).toContain("HTTP (@beeredis/upstash) on Cloudflare Workers");
  });

  it("rate-limits logins: the 6th attempt for one email is refused with a retry time", async () => {
    const email = `worker-${crypto.randomUUID()}@example.com`;
    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await post("/login", { email, password: "pw" });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain(`data-remaining="${5 - attempt}"`);
    }
    const refused = await post("/login", { email, password: "pw" });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const page = await refused.text();
    expect(page).toContain("Too many login attempts");
    expect(Number(/data-retry-after-ms="(\d+)"/.exec(page)?.[1])).toBeGreaterThan(0);
  });

  it("lists the pools without their tokens and refuses SELECT with the library's error", async () => {
    const pools = await (await mf.dispatchFetch("http://demo.test/pools")).text();
    expect(pools).toContain(`<code>${gateway.url}</code>`);
    expect(pools).not.toContain(token);
    expect(pools).not.toContain(testToken);
    const select = await post("/pools/console", { pool: "test", command: "SELECT 0" });
    expect(select.status).toBe(403);
    expect(await select.text()).toContain("ForbiddenCommandError");
  });

  it("runs the nightly job in the isolate, one holder at a time", async () => {
    const started = await post(
      "/job/runs",
      { instances: "3", ttl: "2", work: "0.1", wait: "10" },
      "application/json",
    );
    expect(started.status).toBe(201);
    const { id } = (await started.json()) as { id: string };
    let run: RunView;
    const deadline = Date.now() + 20_000;
    do {
      await new Promise((resolve) => setTimeout(resolve, 50));
      run = (await (await mf.dispatchFetch(`http://demo.test/job/runs/${id}`)).json()) as RunView;
    } while (!run.finished && Date.now() < deadline);
    expect(run.instances.map((i) => i.state)).toEqual(["done", "done", "done"]);
    expect(run.maxConcurrentHolders).toBe(1);
    const tokens = run.holds.map((hold) => BigInt(hold.fencingToken));
    for (let i = 1; i < tokens.length; i++) expect(tokens[i]! > tokens[i - 1]!).toBe(true);
    const page = await (await mf.dispatchFetch(`http://demo.test/job?run=${id}`)).text();
    expect(page).toContain("runs live in the memory of one isolate");
  });
});
