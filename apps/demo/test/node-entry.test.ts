/**
 * The `pnpm demo` entry (src/node/main.ts) as a real process: it prints both URLs, serves the app on Node and in
 * workerd, and stops everything on Ctrl-C (SIGINT). Bundled with esbuild like tsup does, resolving the packages
 * through their dist, with the Worker bundle beside it as `pnpm build` leaves it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type RedisServer, startRedis } from "@beeredis/testkit";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleWorker } from "../worker-build.js";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
// Inside apps/demo, so that node resolves the external packages from apps/demo/node_modules.
const OUT = here("../test-results/.node-entry/node.mjs");

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

function startEntry(args: string[], env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, [OUT, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`No URL within 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /running at (http:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url, output: () => output });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Exited with ${code} before printing its URL:\n${output}`));
    });
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once("exit", (code) => resolve(code));
    child.kill("SIGINT");
  });
}

describe("the Node entry (pnpm demo)", () => {
  let redis: RedisServer;

  beforeAll(async () => {
    for (const pkg of ["core", "ioredis", "upstash", "gateway", "testkit"]) {
      const dist = here(`../../../packages/${pkg}/dist/index.js`);
      if (!existsSync(dist))
        throw new Error(`${dist} is missing: run \`pnpm build\` at the repository root first.`);
    }
    mkdirSync(here("../test-results/.node-entry"), { recursive: true });
    const [server] = await Promise.all([
      startRedis(),
      bundleWorker(here("../test-results/.node-entry/worker.js")),
      build({
        entryPoints: [here("../src/node/main.ts")],
        bundle: true,
        packages: "external",
        platform: "node",
        format: "esm",
        target: "node20",
        outfile: OUT,
        logLevel: "silent",
      }),
    ]);
    redis = server;
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it("an unreachable REDIS_URL: one line naming the address and the cause, and a non-zero exit", async () => {
    const { port } = redis;
    await redis.stop(); // nothing listens on its port now
    try {
      const child = spawn(process.execPath, [OUT], {
        env: { ...process.env, REDIS_URL: `redis://127.0.0.1:${port}`, PORT: "0" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
      expect(code).not.toBe(0);
      expect(output.trim()).toBe(
        `Redis connection check failed: pools "default", "test" (redis://127.0.0.1:${port}): connection refused. Is the server running, and is the address right?`,
      );
    } finally {
      redis = await startRedis();
    }
  });

  it("serves the app on Node over TCP and in workerd over HTTP, then stops everything on SIGINT", async () => {
    const { child, url, output } = await startEntry([], { REDIS_URL: redis.url, PORT: "0" });
    const edge = /and (http:\/\/\S+) \(edge\)/.exec(output())?.[1];
    const gateway = /Gateway: (http:\/\/[^\s]+?) /.exec(output())?.[1];
    try {
      expect(output()).toContain(`Redis: REDIS_URL (${redis.url})`);
      expect(output()).toContain(`Node: ${url} (Node ${process.versions.node} · TCP (@beeredis/ioredis))`);
      expect(output()).toContain(
        `Edge: ${edge} (Cloudflare workerd (miniflare) · HTTP (@beeredis/upstash) through @beeredis/gateway)`,
      );
      expect(gateway).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const onNode = await (await fetch(url)).text();
      expect(onNode).toContain('data-runtime="node"');
      expect(onNode).toContain(`<a id="peer-link" href="${edge}">`);
      const onEdge = await (await fetch(edge!)).text();
      expect(onEdge).toContain('data-runtime="edge"');
      expect(onEdge).toContain(`<a id="peer-link" href="${url}">`);
      const pools = await (await fetch(`${edge}pools`)).text();
      expect(pools).toContain(`<code>${gateway}</code>`);
      const login = await fetch(`${edge}login`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: `cli-${Date.now()}@example.com`, password: "x" }),
      });
      expect(login.status).toBe(200);
      expect(await login.text()).toContain('data-remaining="4"');
    } finally {
      expect(await stop(child)).toBe(0);
    }
    expect(output()).toContain("Stopped.");
    // The servers and the gateway are gone too.
    for (const gone of [url, edge!, gateway!]) await expect(fetch(gone)).rejects.toThrow();
  });

  it("refuses an unknown argument with the usage", async () => {
    const child = spawn(process.execPath, [OUT, "--nope"], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const code = await new Promise((resolve) => child.once("exit", resolve));
    expect(code).toBe(2);
    expect(output).toContain("Usage: pnpm demo");
  });
});
