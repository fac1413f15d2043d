import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Registry, type ValidatedRegistry } from "@beeredis/core";
import { type RedisServer, startRedis } from "@beeredis/testkit";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tcp } from "../src/index.js";
import { lockStress, strictlyIncreasing } from "./fixtures/lock-stress.js";

// The children import the built packages, as a user would: `pnpm build` runs before `pnpm test` (CI does).
const FIXTURE = fileURLToPath(new URL("./fixtures/lock-worker.mjs", import.meta.url));
const DIST = ["../../core/dist/index.js", "../dist/index.js"].map((p) =>
  fileURLToPath(new URL(p, import.meta.url)),
);

/** Runs the fixture to completion and resolves to its stdout. */
function run(child: ChildProcess): Promise<string> {
  let out = "";
  let err = "";
  child.stdout!.on("data", (chunk) => (out += chunk));
  child.stderr!.on("data", (chunk) => (err += chunk));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0 ? resolve(out) : reject(new Error(`worker exited with ${code ?? signal}: ${err}`)),
    );
  });
}

const worker = (...args: (string | number)[]) =>
  spawn(process.execPath, [FIXTURE, ...args.map(String)], { stdio: ["ignore", "pipe", "pipe"] });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("locker across OS processes (tcp)", () => {
  let server: RedisServer;
  let admin: Redis;
  let registry: ValidatedRegistry;

  beforeAll(async () => {
    const missing = DIST.filter((path) => !existsSync(path));
    if (missing.length > 0)
      throw new Error(`Build the packages first (pnpm build): missing ${missing.join(", ")}`);
    server = await startRedis();
    admin = new Redis({ host: server.host, port: server.port });
    registry = await new Registry({ transport: tcp() })
      .registerRedis(`${server.host}:${server.port}`, 0)
      .validate();
  });
  afterAll(async () => {
    await registry?.close();
    admin?.disconnect();
    await server?.stop();
  });

  it("3 processes × 8 workers × 50 critical sections: never two holders, fencing tokens strictly increasing", async () => {
    const totals = await lockStress(3, server.port, 8, 50);
    expect(totals).toEqual({ done: 1200, overlaps: 0, stale: 0, timeouts: 0, lost: 0 });
    expect(await admin.get("holders")).toBe("0");
    const seen = (await admin.lrange("{resource}:log", 0, -1)).map(Number);
    expect(seen).toHaveLength(1200);
    expect(strictlyIncreasing(seen)).toBe(true);
    expect(await admin.exists("{lock:stress}", "{lock:stress}:queue")).toBe(0);
  }, 60_000);

  it("a waiter process killed with SIGKILL is skipped; the next live waiter gets the lock", async () => {
    const locker = registry.createEngine().getRedis().getLocker({ heartbeat: 200 });
    const holder = await locker.obtain("k", 60_000);
    const child = worker("wait", server.port, "k", 200);
    const exited = run(child).catch((error: Error) => error.message);
    while ((await admin.llen("{lock:k}:queue")) < 1) await sleep(10);
    const live = locker.obtain("k", 60_000, 10_000);
    while ((await admin.llen("{lock:k}:queue")) < 2) await sleep(10);
    child.kill("SIGKILL");
    expect(await exited).toMatch(/SIGKILL/);
    await sleep(800); // the dead waiter misses three heartbeats
    expect(await holder!.release()).toBe(true);
    const next = await live;
    expect(next).not.toBeNull();
    expect(await admin.get("{lock:k}")).toBe(next!.token);
    expect(await admin.exists("{lock:k}:queue")).toBe(0);
    await next!.release();
  });

  it("a release wakes the next waiter at once, not on its next poll", async () => {
    const pool = registry.createEngine().getRedis();
    const locker = pool.getLocker({ heartbeat: 30_000 }); // a poll would come 30 s later
    const holder = await locker.obtain("k", 60_000);
    const xreads = Number(/cmdstat_xread:calls=(\d+)/.exec(await admin.info("commandstats"))?.[1] ?? 0);
    const waiting = locker.obtain("k", 60_000, 60_000).then((lock) => ({ lock, at: performance.now() }));
    while ((await admin.llen("{lock:k}:queue")) < 1) await sleep(5);
    await sleep(50);
    const released = performance.now();
    await holder!.release();
    const { lock, at } = await waiting;
    expect(lock).not.toBeNull();
    expect(at - released).toBeLessThan(5000); // only catches a hang; the bench measures the real latency
    const after = Number(/cmdstat_xread:calls=(\d+)/.exec(await admin.info("commandstats"))?.[1] ?? 0);
    expect(after - xreads).toBe(1); // one blocked read, woken by the release
    await lock!.release();
  });
});
