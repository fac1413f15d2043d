/**
 * Rate-limit decisions per second and p50/p99 latency, at 1 and 50 in flight, over 10k distinct keys and over one
 * hot key. Side by side on the same Redis: beeredis (gcra, sliding-log, fixed-window; TCP with and without
 * auto-pipelining), rate-limiter-flexible (RateLimiterRedis on ioredis), and plain ioredis EVALSHA of beeredis'
 * own Lua scripts (the one-round-trip ceiling: same script, same server, no client layer). One more row, in
 * parentheses and outside the targets, shows the local deny cache answering a hot key's repeat denials. Then
 * the server time of multi-limit decisions against a one-limit decision (rate-limit-multi.ts).
 *
 * The rows run interleaved in short chunks (the order rotating each chunk), each row on its own keys, so a load
 * spike on a shared machine hits every row alike and the ratios between rows stay meaningful.
 */
import { RATE_LIMIT_SCRIPTS, type RateLimitAlgorithm, type RedisPool, Registry } from "@beeredis/core";
import { tcp } from "@beeredis/ioredis";
import type { RedisServer } from "@beeredis/testkit";
import { Redis } from "ioredis";
import { RateLimiterRedis } from "rate-limiter-flexible";
import { type Measurement, measure, report } from "../harness.js";
import { multiLimitServerTime } from "./rate-limit-multi.js";

const LIMIT = 100;
const WINDOW_S = 60;
const DISTINCT_KEYS = 10_000;
const CHUNKS = 10;
const RLF = "rate-limiter-flexible (RateLimiterRedis)";
/** Informative only (not in the targets): repeat denials of a hot key are answered in memory. */
const LOCAL = "(beeredis sliding-log + localCache, autoPipelining false)";

type Op = (key: string) => Promise<unknown>;

export async function rateLimitSection(server: RedisServer, total: number): Promise<void> {
  const started = performance.now();
  const address = `${server.host}:${server.port}`;
  const registries = await Promise.all(
    [true, false].map((autoPipelining) =>
      new Registry({ transport: tcp({ autoPipelining }) }).registerRedis(address, 0).validate(),
    ),
  );
  const [piped, plain] = registries.map((r) => r.createEngine().getRedis()) as [RedisPool, RedisPool];
  const raw = new Redis({ host: server.host, port: server.port });
  const rlfClient = new Redis({ host: server.host, port: server.port });
  const admin = new Redis({ host: server.host, port: server.port });

  const ceiling = async (algorithm: RateLimitAlgorithm): Promise<Op> => {
    const sha = (await raw.script("LOAD", RATE_LIMIT_SCRIPTS[algorithm].lua)) as string;
    const [limit, window] = [String(LIMIT), String(WINDOW_S * 1_000_000)];
    return (key) =>
      raw.evalsha(
        sha,
        2,
        `ceiling:${algorithm}:{${key}}`,
        `ceiling:${algorithm}:block:{${key}}`,
        limit,
        window,
        "1",
        "0",
      );
  };
  const beeredis = (
    pool: RedisPool,
    algorithm: RateLimitAlgorithm,
    prefix: string,
    localCache = false,
  ): Op => {
    const limiter = pool.rateLimiter({
      algorithm,
      limit: LIMIT,
      window: WINDOW_S * 1000,
      prefix,
      localCache,
    });
    return (key) => limiter.limit(key);
  };
  const rlf = new RateLimiterRedis({
    storeClient: rlfClient,
    points: LIMIT,
    duration: WINDOW_S,
    keyPrefix: "rlf",
  });

  const rows: [string, Op][] = [
    ["ioredis EVALSHA gcra (ceiling)", await ceiling("gcra")],
    ["ioredis EVALSHA sliding-log (ceiling)", await ceiling("sliding-log")],
    [RLF, (key) => rlf.consume(key).catch(() => false)],
    ["beeredis gcra, autoPipelining false", beeredis(plain, "gcra", "b1:")],
    ["beeredis gcra, autoPipelining true", beeredis(piped, "gcra", "b2:")],
    ["beeredis sliding-log, autoPipelining false", beeredis(plain, "sliding-log", "b3:")],
    ["beeredis sliding-log, autoPipelining true", beeredis(piped, "sliding-log", "b4:")],
    ["beeredis fixed-window, autoPipelining false", beeredis(plain, "fixed-window", "b5:")],
    [LOCAL, beeredis(plain, "sliding-log", "b6:", true)],
  ];

  const summary: string[] = [];
  for (const keys of ["10k distinct keys", "one hot key"] as const) {
    const keyOf = keys === "one hot key" ? () => "hot" : (i: number) => `user:${i % DISTINCT_KEYS}`;
    for (const inFlight of [1, 50]) {
      await admin.flushall();
      const measured = await interleaved(rows, inFlight, total, keyOf);
      report(
        `Rate limit (limit ${LIMIT}/${WINDOW_S}s), ${keys}, ${inFlight} in flight, ${total} decisions`,
        measured,
      );
      summary.push(...targets(`${keys}, ${inFlight} in flight`, measured));
    }
  }
  console.log(
    "\n## Rate limit targets (same run): beeredis ÷ ceiling ≥ 0.9, beeredis ÷ rate-limiter-flexible ≥ 1.1\n",
  );
  console.log("| scenario | beeredis row | ÷ ceiling (same script) | ÷ rate-limiter-flexible |");
  console.log("|---|---|---:|---:|");
  for (const line of summary) console.log(line);
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  console.log(
    `\nDistinct keys: every decision is allowed (a few per key); hot key: all but the first ${LIMIT} are denied. Section time: ${seconds} s.`,
  );

  raw.disconnect();
  rlfClient.disconnect();
  admin.disconnect();
  await Promise.all(registries.map((r) => r.close()));
  await multiLimitServerTime(server, total);
}

/**
 * Runs every row `total` times in CHUNKS interleaved chunks (after one warm-up chunk each), rotating the order,
 * and merges each row's chunks: throughput over the row's summed time, percentiles over all its samples.
 */
async function interleaved(
  rows: [string, Op][],
  inFlight: number,
  total: number,
  keyOf: (i: number) => string,
): Promise<Measurement[]> {
  const size = Math.ceil(total / CHUNKS);
  for (const [name, op] of rows)
    await measure(name, { inFlight, total: size, warmup: 0 }, (i) => op(keyOf(i)));
  const acc = rows.map(() => ({ seconds: 0, latencies: [] as number[] }));
  for (let chunk = 0; chunk < CHUNKS; chunk++) {
    for (let r = 0; r < rows.length; r++) {
      const index = (r + chunk) % rows.length;
      const [name, op] = rows[index]!;
      const { latencies } = acc[index]!;
      const base = chunk * size;
      const m = await measure(name, { inFlight, total: size, warmup: 0 }, (i) => {
        const t = performance.now();
        return op(keyOf(base + i)).then(() => latencies.push(performance.now() - t));
      });
      acc[index]!.seconds += size / m.opsPerSec;
    }
  }
  return rows.map(([name], i) => {
    const sorted = acc[i]!.latencies.sort((a, b) => a - b);
    const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
    return { name, opsPerSec: (size * CHUNKS) / acc[i]!.seconds, p50: at(0.5), p99: at(0.99) };
  });
}

function targets(scenario: string, rows: Measurement[]): string[] {
  const ops = (name: string) => rows.find((r) => r.name === name)?.opsPerSec ?? Number.NaN;
  return rows
    .filter((r) => r.name.startsWith("beeredis"))
    .map((r) => {
      const ceiling = ops(`ioredis EVALSHA ${r.name.split(/[ ,]/)[1]} (ceiling)`);
      const vsCeiling = Number.isNaN(ceiling) ? "-" : `${(r.opsPerSec / ceiling).toFixed(2)}×`;
      return `| ${scenario} | ${r.name} | ${vsCeiling} | ${(r.opsPerSec / ops(RLF)).toFixed(2)}× |`;
    });
}
