/**
 * The one scenario every runtime runs: registry → validate → engine → set/get, a rate limit (5 allowed, the
 * 6th denied), two limits waited for with `waitFor`, a lock obtained, refreshed and released, with fencing tokens that increase, and pub/sub: subscribe,
 * publish, receive, close.
 * It uses web-standard APIs only, so the same code runs in Node, Bun, Deno, workerd and edge-runtime.
 */
import { Minute, type Registry, Second } from "@beeredis/core";

/**
 * Where the scenario connects, as the test passes it to each runtime: `host:port` for TCP. HTTP reads the
 * gateway's URL and token with `http.fromEnv()` (UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN).
 */
export type ScenarioConfig = { transport: "tcp"; address: string } | { transport: "http" };

/** What one run observed; the test compares it with {@link EXPECTED}. */
export interface ScenarioResult {
  runtime: string;
  transport: string;
  /** `typeof process` and `typeof Buffer` where the scenario ran. */
  globals: { process: string; Buffer: string };
  /**
   * Requests the scenario sent through the global `fetch`: HTTP's default client everywhere but Node, where the
   * package's `exports` give `nodeFetch()` (node:http) instead.
   */
  globalFetchCalls: number;
  poolCode: string;
  setGet: string | null;
  missing: string | null;
  rateLimit: boolean[];
  /**
   * Two limits (1 per 200 ms, 10 a minute): allowed, denied, then `waitFor` allowed, timed by the server's
   * `retryAfterMs` and timers (in workerd, `Date.now()` stands still between I/O).
   */
  waitFor: boolean[];
  lock: {
    obtained: boolean;
    blockedWhileHeld: boolean;
    ttlPositive: boolean;
    refreshed: boolean;
    released: boolean;
    releasedAgain: boolean;
    refreshedAfterRelease: boolean;
    fencingIncreases: boolean;
  };
  pubsub: {
    /** What `publish` counted: the subscriber. */
    published: number;
    received: string | null;
    /** The loop is done once the subscription is closed. */
    endedOnClose: boolean;
  };
}

/** The result every runtime must produce (except `runtime`, `transport`, `globals` and `globalFetchCalls`). */
export const EXPECTED: Omit<ScenarioResult, "runtime" | "transport" | "globals" | "globalFetchCalls"> = {
  poolCode: "default",
  setGet: "runtime-value",
  missing: null,
  rateLimit: [true, true, true, true, true, false],
  waitFor: [true, false, true],
  lock: {
    obtained: true,
    blockedWhileHeld: true,
    ttlPositive: true,
    refreshed: true,
    released: true,
    releasedAgain: false,
    refreshedAfterRelease: false,
    fencingIncreases: true,
  },
  pubsub: { published: 1, received: "hello", endedOnClose: true },
};

/** Names the runtime from its globals. */
export function detectRuntime(): string {
  const g = globalThis as Record<string, unknown>;
  if (typeof g.Bun !== "undefined") return "bun";
  if (typeof g.Deno !== "undefined") return "deno";
  if (typeof g.EdgeRuntime === "string") return "edge-runtime";
  const nav = g.navigator as { userAgent?: string } | undefined;
  if (nav?.userAgent === "Cloudflare-Workers") return "workerd";
  const proc = g.process as { versions?: { node?: string } } | undefined;
  if (proc?.versions?.node) return "node";
  return "unknown";
}

/** Runs the scenario on a registry whose pool "default" is registered; closes the registry at the end. */
export async function runScenario(registry: Registry, transport: string): Promise<ScenarioResult> {
  const realFetch = globalThis.fetch;
  let globalFetchCalls = 0;
  globalThis.fetch = (input, init) => {
    globalFetchCalls++;
    return realFetch(input, init);
  };
  const validated = await registry.validate({ connect: true });
  try {
    const engine = validated.createEngine();
    const pool = engine.getRedis();
    const id = crypto.randomUUID();

    await pool.set(`runtimes:${id}:key`, "runtime-value", 30);
    const setGet = await pool.get(`runtimes:${id}:key`);
    const missing = await pool.get(`runtimes:${id}:missing`);

    const rateLimit: boolean[] = [];
    for (let i = 0; i < 6; i++) rateLimit.push(await pool.rateLimit(`runtimes:${id}:login`, Minute, 5));

    const limits = pool.rateLimiter({
      limits: [
        { window: "200ms", limit: 1 },
        { window: Minute, limit: 10 },
      ],
    });
    const waitKey = `runtimes:${id}:wait`;
    const waitFor = [(await limits.limit(waitKey)).allowed, (await limits.limit(waitKey)).allowed];
    waitFor.push((await limits.waitFor(waitKey, { timeout: 5 * Second })).allowed);

    const locker = pool.getLocker();
    const lockKey = `runtimes:${id}:lock`;
    const lock = await locker.obtain(lockKey, 5 * Second, 0);
    const blockedWhileHeld = (await locker.obtain(lockKey, 5 * Second, 0)) === null;
    const ttlPositive = lock ? (await lock.ttl()) > 0 : false;
    const refreshed = lock ? await lock.refresh(5 * Second) : false;
    const released = lock ? await lock.release() : false;
    const releasedAgain = lock ? await lock.release() : true;
    const refreshedAfterRelease = lock ? await lock.refresh(5 * Second) : true;
    const next = await locker.obtain(lockKey, 5 * Second, 0);
    const fencingIncreases = !!lock && !!next && next.fencingToken > lock.fencingToken;
    await next?.release();

    const channel = `runtimes:${id}:news`;
    const sub = pool.subscribe(channel);
    await sub.ready;
    const published = await pool.publish(channel, "hello");
    const received = (await sub.next()).value?.message ?? null;
    await sub.close();
    const endedOnClose = (await sub.next()).done === true;

    await pool.del(`runtimes:${id}:key`);
    return {
      runtime: detectRuntime(),
      transport,
      globals: { process: typeof (globalThis as any).process, Buffer: typeof (globalThis as any).Buffer },
      globalFetchCalls,
      poolCode: pool.getPoolConfig().getCode(),
      setGet,
      missing,
      rateLimit,
      waitFor,
      lock: {
        obtained: lock !== null,
        blockedWhileHeld,
        ttlPositive,
        refreshed,
        released,
        releasedAgain,
        refreshedAfterRelease,
        fencingIncreases,
      },
      pubsub: { published, received, endedOnClose },
    };
  } finally {
    await validated.close();
    globalThis.fetch = realFetch;
  }
}
