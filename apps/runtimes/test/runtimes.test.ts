/**
 * The runtime matrix: one scenario (src/scenario.ts) in Node 20, Bun, Deno, Cloudflare workerd (miniflare) and
 * Vercel Edge (edge-runtime), against a real redis-server (TCP) and a real gateway in front of it (HTTP).
 * Bundles come from the packages' published `exports`: run `pnpm build` first (turbo's test:runtimes does).
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LockHandle } from "@beeredis/core";
import { createGateway, type Gateway } from "@beeredis/gateway";
import { type RedisServer, startRedis } from "@beeredis/testkit";
import { EdgeRuntime } from "edge-runtime";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bundleEdgeEntry,
  bundleProcessEntry,
  EDGE_CONDITIONS,
  entryFile,
  root,
  WORKER_CONDITIONS,
} from "../scripts/bundles.mjs";
import { EXPECTED, type ScenarioConfig, type ScenarioResult } from "../src/scenario.js";

const bin = (name: string) => join(root, "node_modules", ".bin", name);

/** The gateway the HTTP runs read from the environment (http.fromEnv()). */
const endpointEnv: Record<string, string> = {};

/** Runs a program to its end (killed after 60 s) and returns the scenario result it printed. */
function runProcess(command: string, args: string[]): Promise<ScenarioResult> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        timeout: 60_000,
        killSignal: "SIGKILL",
        env: {
          ...process.env,
          ...endpointEnv,
          NO_COLOR: "1",
          DENO_NO_UPDATE_CHECK: "1",
          DENO_NO_PROMPT: "1",
        },
      },
      (error, stdout, stderr) => {
        const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
        if (error || !line) {
          reject(
            new Error(
              `${command} ${args.join(" ")} failed: ${error?.message ?? "no RESULT line"}\n${stdout}\n${stderr}`,
            ),
          );
          return;
        }
        resolve(JSON.parse(line.slice("RESULT ".length)) as ScenarioResult);
      },
    );
  });
}

function expectScenario(result: ScenarioResult, runtime: string, transport: "tcp" | "http"): void {
  const { runtime: ranIn, transport: over, globals: _globals, globalFetchCalls, ...observed } = result;
  expect({ runtime: ranIn, transport: over }).toEqual({ runtime, transport });
  expect(observed).toEqual(EXPECTED);
  // HTTP sends through the global fetch, except on Node, where the package's exports give node:http.
  if (transport === "http" && runtime !== "node") expect(globalFetchCalls).toBeGreaterThan(10);
  else expect(globalFetchCalls).toBe(0);
}

describe("runtime matrix", () => {
  let redis: RedisServer;
  let gateway: Gateway;
  let out: string;
  const token = `rt-${crypto.randomUUID()}`;
  let tcpConfig: string;
  let httpConfig: string;

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), "beeredis-runtimes-"));
    const [server] = await Promise.all([
      startRedis(),
      bundleProcessEntry("node", join(out, "node.mjs")),
      bundleProcessEntry("bun", join(out, "bun.mjs")),
      bundleProcessEntry("deno", join(out, "deno.mjs")),
    ]);
    redis = server;
    gateway = await createGateway({
      redis: `${redis.host}:${redis.port}`,
      tokens: [{ token, db: 0 }],
      port: 0,
    });
    tcpConfig = JSON.stringify({
      transport: "tcp",
      address: `${redis.host}:${redis.port}`,
    } satisfies ScenarioConfig);
    httpConfig = JSON.stringify({ transport: "http" } satisfies ScenarioConfig);
    Object.assign(endpointEnv, { UPSTASH_REDIS_REST_URL: gateway.url, UPSTASH_REDIS_REST_TOKEN: token });
  });
  afterAll(async () => {
    await gateway?.close();
    await redis?.stop();
    if (out) await rm(out, { recursive: true, force: true });
  });

  it("Node 20: TCP (@beeredis/ioredis)", async () => {
    const result = await runProcess(process.execPath, [join(out, "node.mjs"), tcpConfig]);
    expectScenario(result, "node", "tcp");
  });

  it("Node 20: HTTP (@beeredis/upstash)", async () => {
    const result = await runProcess(process.execPath, [join(out, "node.mjs"), httpConfig]);
    expectScenario(result, "node", "http");
  });

  it("Bun: TCP (@beeredis/ioredis)", async () => {
    expectScenario(await runProcess(bin("bun"), [join(out, "bun.mjs"), tcpConfig]), "bun", "tcp");
  });

  it("Bun: HTTP (@beeredis/upstash)", async () => {
    expectScenario(await runProcess(bin("bun"), [join(out, "bun.mjs"), httpConfig]), "bun", "http");
  });

  it("Deno: HTTP (@beeredis/upstash)", async () => {
    const args = ["run", "-A", "--no-config", join(out, "deno.mjs"), httpConfig];
    expectScenario(await runProcess(bin("deno"), args), "deno", "http");
  });

  it("Deno: TCP (@beeredis/ioredis)", async () => {
    const args = ["run", "-A", "--no-config", join(out, "deno.mjs"), tcpConfig];
    expectScenario(await runProcess(bin("deno"), args), "deno", "tcp");
  });

  /** The worker entry, bundled from the published exports, in workerd, reading the gateway from its bindings. */
  const workerd = async () => {
    const { code } = await bundleEdgeEntry(entryFile("worker"), { conditions: WORKER_CONDITIONS });
    return new Miniflare({
      modules: true,
      script: code,
      compatibilityDate: "2025-05-01",
      bindings: { UPSTASH_REDIS_REST_URL: gateway.url, UPSTASH_REDIS_REST_TOKEN: token },
    });
  };

  it("Cloudflare workerd (miniflare 4): HTTP, a worker bundled from the published exports", async () => {
    const mf = await workerd();
    try {
      const response = await mf.dispatchFetch("http://runtimes.test/");
      const body = await response.text();
      expect(response.status, body).toBe(200);
      expectScenario(JSON.parse(body) as ScenarioResult, "workerd", "http");
    } finally {
      await mf.dispose();
    }
  });

  it("Cloudflare workerd: a lock taken in one request is released in the next through its handle", async () => {
    const mf = await workerd();
    const post = async (path: string, body?: unknown) => {
      const init = { method: "POST", body: body === undefined ? undefined : JSON.stringify(body) };
      const response = await mf.dispatchFetch(`http://runtimes.test${path}`, init);
      const text = await response.text();
      expect(response.status, text).toBe(200);
      return JSON.parse(text) as Record<string, unknown>;
    };
    try {
      const key = `runtimes:handoff:${crypto.randomUUID()}`;
      const { handle } = (await post(`/lock/take?key=${encodeURIComponent(key)}`)) as { handle: LockHandle };
      expect(handle).toMatchObject({ key, fencingToken: 1 });
      expect((await post(`/lock/take?key=${encodeURIComponent(key)}`)).handle).toBeNull(); // still held
      expect(await post("/lock/release", handle)).toEqual({
        resumed: true,
        released: true,
        heldAfter: false,
      });
      expect(await post("/lock/release", handle)).toEqual({
        resumed: false,
        released: false,
        heldAfter: false,
      });
    } finally {
      await mf.dispose();
    }
  });

  it("Vercel Edge (edge-runtime 4): HTTP, with process and Buffer absent", async () => {
    const { code } = await bundleEdgeEntry(entryFile("edge"), {
      format: "iife",
      conditions: EDGE_CONDITIONS,
    });
    const runtime = new EdgeRuntime({ initialCode: code });
    const response = await runtime.dispatchFetch("http://runtimes.test/", {
      headers: { "x-gateway-url": gateway.url, "x-gateway-token": token },
    });
    await response.waitUntil();
    const body = await response.text();
    expect(response.status, body).toBe(200);
    const result = JSON.parse(body) as ScenarioResult;
    expect(result.globals).toEqual({ process: "undefined", Buffer: "undefined" });
    expectScenario(result, "edge-runtime", "http");
  });
});
