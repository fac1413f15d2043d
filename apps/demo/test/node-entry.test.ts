/**
 * The `pnpm demo` entry (src/node.ts) as a real process: it prints its URL, serves the login page, and stops
 * cleanly on Ctrl-C (SIGINT). Bundled with esbuild like tsup does, resolving the packages through their dist.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type RedisServer, startRedis } from "@beeredis/testkit";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

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
    const timer = setTimeout(() => reject(new Error(`No URL within 15 s:\n${output}`)), 15_000);
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
      build({
        entryPoints: [here("../src/node.ts")],
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

  it("serves the login page over TCP and stops on SIGINT", async () => {
    const { child, url, output } = await startEntry([], { REDIS_URL: redis.url, PORT: "0" });
    try {
      expect(output()).toContain(`Redis: REDIS_URL (${redis.url})`);
      expect(output()).toContain("Transport: TCP");
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("<h1>Login</h1>");
    } finally {
      expect(await stop(child)).toBe(0);
    }
    expect(output()).toContain("Stopped.");
  });

  it("with --http, serves the same app through a gateway it starts, and stops both", async () => {
    const { child, url, output } = await startEntry(["--", "--http"], { REDIS_URL: redis.url, PORT: "0" });
    const gateway = /gateway at (http:\/\/[^\s]+?)\s/.exec(output())?.[1];
    try {
      expect(gateway).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const pools = await (await fetch(`${url}pools`)).text();
      expect(pools).toContain(`<code>${gateway}</code>`);
      expect(pools).toContain("HTTP (@beeredis/upstash)");
      const login = await fetch(`${url}login`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: `cli-${Date.now()}@example.com`, password: "x" }),
      });
      expect(login.status).toBe(200);
      expect(await login.text()).toContain('data-remaining="4"');
    } finally {
      expect(await stop(child)).toBe(0);
    }
    await expect(fetch(gateway!)).rejects.toThrow(); // the gateway is gone too
  });

  it("refuses an unknown argument with the usage", async () => {
    const child = spawn(process.execPath, [OUT, "--nope"], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const code = await new Promise((resolve) => child.once("exit", resolve));
    expect(code).toBe(2);
    expect(output).toContain("Usage: pnpm demo [-- --http]");
  });
});
