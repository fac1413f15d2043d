import { LockLostError, type RedisPool } from "@beeredis/core";
import { Redis } from "ioredis";
import { expect } from "vitest";
import { type FaultProxy, startFaultProxy } from "../../fault-proxy.js";
import { type RedisServer, startRedis } from "../../redis-server.js";
import type { Cases, ConformanceContext } from "../context.js";
import { aborted, rejection, sleep } from "./helpers.js";

/** withLock's keep-alive: what a slow link and a paused process do to the lock and to fn's signal. */
export const lockKeepAliveCases: Cases = (ctx, it) => {
  it("withLock on a slow link (round trip above ttl/3): the signal never aborts, and Redis holds the lock throughout", async () => {
    await withSlowLink(ctx, async ({ pool, admin, proxy }) => {
      // Scripts loaded first: a script's first EVALSHA costs a second round trip (NOSCRIPT, then EVAL).
      await pool.getLocker().withLock("warm-up", { ttl: 1500 }, (_, lock) => lock.refresh(1500));
      // Each way: round trips of 1100 ms and more, against a 3000 ms ttl refreshed every 1000 ms. A refresh is
      // answered 800 ms or more before the ttl ends, so a loaded machine's event-loop delays fit.
      proxy.latency(550);
      const seen = new Set<string>();
      const outcome = await pool.getLocker().withLock("k", { ttl: 3000 }, async (signal, lock) => {
        const end = performance.now() + 3000;
        while (performance.now() < end && !signal.aborted) {
          seen.add((await admin.get("{lock:k}")) === lock.token ? "held" : "not held");
          await sleep(50);
        }
        return signal.aborted ? signal.reason : "kept";
      });
      expect(outcome).toBe("kept");
      expect([...seen]).toEqual(["held"]);
    });
  });

  it("a holder paused past its ttl: the signal says the ttl passed before a refresh could run", async () => {
    const error = await rejection(
      ctx.pool.getLocker().withLock("k", { ttl: "300ms" }, async (signal) => {
        pause(900); // the whole event loop stops, as under SIGSTOP or a long GC pause
        throw await aborted(signal);
      }),
    );
    expect(error).toBeInstanceOf(LockLostError);
    expect((error as LockLostError).message).toMatch(/its 300 ms ttl passed before a refresh could run/);
    expect((error as LockLostError).message).not.toMatch(/Redis/);
    expect(await ctx.admin.exists("{lock:k}")).toBe(0);
  });
};

/** Blocks this thread for `ms` without burning CPU: no timer, no I/O and no promise runs meanwhile. */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** A redis-server of its own behind a fault proxy: a pool of the target through the proxy, and a direct client. */
async function withSlowLink<T>(
  ctx: ConformanceContext,
  fn: (link: { pool: RedisPool; admin: Redis; proxy: FaultProxy }) => Promise<T>,
): Promise<T> {
  const server = await startRedis();
  const proxy = await startFaultProxy({ target: server });
  const admin = new Redis({ host: server.host, port: server.port });
  const behindProxy: RedisServer = {
    host: proxy.host,
    port: proxy.port,
    url: proxy.url,
    stop: () => proxy.close(),
    restart: () => Promise.reject(new Error("not restartable")),
  };
  const registry = await (
    await ctx.target.createRegistry(behindProxy, [{ code: "default", db: 0 }])
  ).validate();
  try {
    return await fn({ pool: registry.createEngine().getRedis(), admin, proxy });
  } finally {
    proxy.heal();
    await registry.close();
    admin.disconnect();
    await proxy.close();
    await server.stop();
  }
}
