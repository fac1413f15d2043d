/**
 * worker.ts in miniflare (workerd), over the HTTP transport, against a real gateway and redis-server, beside the
 * same app on Node over TCP. The Worker is bundled as `pnpm build` bundles it (worker-build.ts), from the packages'
 * published `exports` (their dist): run `pnpm build` first (CI does).
 */
import { Registry } from "@beeredis/core";
import { createGateway, type Gateway } from "@beeredis/gateway";
import { tcp } from "@beeredis/ioredis";
import { type RedisServer, startRedis } from "@beeredis/testkit";
import type { Hono } from "hono";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { TCP_TRANSPORT } from "../src/runtime.js";
import { bundleWorker } from "../worker-build.js";
import { form } from "./helpers.js";
import {
  expectOneHolderAtATime,
  type Fetcher,
  readRun,
  runInstances,
  startRun,
  waitForRun,
} from "./job-helpers.js";

describe("worker.ts in miniflare", () => {
  let redis: RedisServer;
  let gateway: Gateway;
  let mf: Miniflare;
  let node: Hono;
  let closeNode: () => Promise<void>;
  const token = `t0-${crypto.randomUUID()}`;
  const testToken = `t3-${crypto.randomUUID()}`;
  const NODE_URL = "http://127.0.0.1:9/";
  // Each call is its own request to workerd: its own invocation.
  const edge: Fetcher = (path, init) =>
    mf.dispatchFetch(`http://demo.test${path}`, init as never) as unknown as Promise<Response>;
  const post = (path: string, fields: Record<string, string>) =>
    edge(path, { ...form(fields), redirect: "manual" });

  beforeAll(async () => {
    const [script, server] = await Promise.all([bundleWorker(), startRedis()]);
    redis = server;
    gateway = await createGateway({
      redis: `${redis.host}:${redis.port}`,
      tokens: [
        { token, db: 0, role: "tenant" },
        { token: testToken, db: 3, role: "tenant" },
      ],
      port: 0,
    });
    mf = new Miniflare({
      modules: true,
      script,
      compatibilityDate: "2025-05-01",
      cf: false,
      bindings: {
        GATEWAY_URL: gateway.url,
        GATEWAY_TOKEN: token,
        GATEWAY_TEST_TOKEN: testToken,
        PEER_URL: NODE_URL,
        PEER_NAME: "Node (test)",
      },
    });
    // The same app on Node over TCP, on the same Redis: the other half of the demo.
    const registry = new Registry({ transport: tcp() });
    registry.registerRedis(`${redis.host}:${redis.port}`, 0);
    const validated = await registry.validate({ connect: true });
    node = createApp({
      registry: validated,
      connect: () => registry.validate(),
      runtime: { kind: "node", name: "Node (test)", transport: TCP_TRANSPORT },
    });
    closeNode = () => validated.close();
    await mf.ready;
  });
  afterAll(async () => {
    await mf?.dispose();
    await closeNode?.();
    await gateway?.close();
    await redis?.stop();
  });

  it("serves the landing page, naming workerd and the HTTP transport, and linking to the Node server", async () => {
    const response = await edge("/");
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain("<h1>beeredis demo</h1>");
    expect(page).toContain('<strong id="runtime-name">Cloudflare Workers (workerd)</strong>');
    expect(page).toContain(
      '<strong id="runtime-transport">HTTP (@beeredis/upstash) through @beeredis/gateway</strong>',
    );
    expect(page).toContain(`<a id="peer-link" href="${NODE_URL}">The same page on Node (test)</a>`);
  });

  it("shares the login limit with the Node server: 3 attempts on Node, 2 on the edge, then both refuse", async () => {
    const email = `shared-${crypto.randomUUID()}@example.com`;
    const remaining = async (response: Response) => /data-remaining="(\d+)"/.exec(await response.text())?.[1];
    for (const left of ["4", "3", "2"]) {
      const response = await node.request("/login", form({ email, password: "pw" }));
      expect(response.status).toBe(200);
      expect(await remaining(response)).toBe(left);
    }
    for (const left of ["1", "0"]) {
      const response = await post("/login", { email, password: "pw" });
      expect(response.status).toBe(200);
      expect(await remaining(response)).toBe(left);
    }
    const refused = await post("/login", { email, password: "pw" });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.text()).toContain("Too many login attempts");
    expect((await node.request("/login", form({ email, password: "pw" }))).status).toBe(429);
  });

  it("lists the pools without their tokens and refuses SELECT with the library's error", async () => {
    const pools = await (await edge("/pools")).text();
    expect(pools).toContain(`<code>${gateway.url}</code>`);
    expect(pools).not.toContain(token);
    expect(pools).not.toContain(testToken);
    const select = await post("/pools/console", { pool: "test", command: "SELECT 0" });
    expect(select.status).toBe(403);
    expect(await select.text()).toContain("ForbiddenCommandError");
  });

  it("runs the nightly job as one Worker invocation per instance, one holder at a time", async () => {
    const id = await startRun(edge, { instances: "3", ttl: "2", work: "0.1", wait: "10" });
    const outcomes = await runInstances(edge, id, 3);
    expect(outcomes.map((o) => o.state)).toEqual(["done", "done", "done"]);
    const run = await readRun(edge, id);
    expect(run.runtime).toBe("Cloudflare Workers (workerd)");
    expect(run.holds).toHaveLength(3);
    expectOneHolderAtATime(run);
    const page = await (await edge(`/job?run=${id}`)).text();
    expect(page).toContain("a separate Worker invocation");
    // The run is in Redis, so the Node server shows it too.
    const onNode = await (await node.request(`/job?run=${id}`)).text();
    expect(onNode.match(/data-state="done"/g)).toHaveLength(3);
  });

  it("kills the holder's invocation: its lock expires on its TTL and the next invocation takes over", async () => {
    const id = await startRun(edge, { instances: "2", ttl: "1", work: "20", wait: "10" });
    const outcomes = runInstances(edge, id, 2);
    const holding = await waitForRun(edge, id, (r) => r.holder !== null && !r.holder.crashed);
    const kill = () => post("/job/kill", { run: id });
    expect((await kill()).status).toBe(303);
    const takeover = await waitForRun(edge, id, (r) => r.holder !== null && !r.holder.crashed);
    expect(takeover.holds[0]).toMatchObject({ instance: holding.holder!.instance, outcome: "crashed" });
    expect(takeover.holder!.fencingToken).toBeGreaterThan(holding.holder!.fencingToken);
    expect((await kill()).status).toBe(303); // and the second, so that the run ends now
    expect((await outcomes).map((o) => o.state)).toEqual(["crashed", "crashed"]);
  });
});
