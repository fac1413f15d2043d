/**
 * Rate-limit decisions per second and p50/p99 latency, at 1 and 50 in flight, over 10k distinct keys and over one
 * hot key. Side by side on the same Redis: beeredis (gcra, sliding-log, fixed-window; TCP with and without
 * auto-pipelining), rate-limiter-flexible (RateLimiterRedis on ioredis), and plain ioredis EVALSHA of beeredis'
 * own Lua scripts, `pool.rateLimit()`'s verdict script among them (the one-round-trip ceiling: same script, same
 * server, no client layer). One more row, in parentheses and outside the targets, shows the local deny cache
 * answering a hot key's repeat denials. Then the server time of multi-limit decisions against a one-limit decision
 * (rate-limit-multi.ts).
 *
 * The rows run in alternating rounds (see harness.ts), each row on its own keys. Targets: the default
 * `pool.rateLimit()` (sliding log, tcp() with auto-pipelining) at least as fast as rate-limiter-flexible.
 */
import {
  RATE_LIMIT_SCRIPTS,
  RATE_LIMIT_VERDICT_SCRIPT,
  type RateLimitAlgorithm,
  type RedisPool,
  Registry,
  type Script,
} from "@beeredis/core";
import { tcp } from "@beeredis/ioredis";
import type { RedisServer } from "@beeredis/testkit";
import { Redis } from "ioredis";
import { RateLimiterRedis } from "rate-limiter-flexible";
import { compare, print, type Row, redisCommandCounter } from "../harness.js";
import { multiLimitServerTime } from "./rate-limit-multi.js";

const LIMIT = 100;
const { gcra: GCRA, "sliding-log": SLIDING_LOG } = RATE_LIMIT_SCRIPTS;
const WINDOW_S = 60;
const DISTINCT_KEYS = 10_000;
const RLF = "rate-limiter-flexible (RateLimiterRedis)";
const DEFAULT = "beeredis pool.rateLimit() (default: sliding-log, tcp())";
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

  /** An op that runs `script` through plain ioredis, ARGV limit, window (µs) and, for a full decision, cost 1. */
  const ceiling = async (name: string, script: Script<unknown>, full: boolean): Promise<Op> => {
    const sha = (await raw.script("LOAD", script.lua)) as string;
    const args = full ? [LIMIT, WINDOW_S * 1_000_000, 1, 0] : [LIMIT, WINDOW_S * 1_000_000];
    return (key) =>
      raw.evalsha(sha, 2, `ceiling:${name}:{${key}}`, `ceiling:${name}:block:{${key}}`, ...args);
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

  // The scenario's key for operation i; the rows read it at call time.
  let keyOf = (i: number): string => `user:${i % DISTINCT_KEYS}`;
  const keyed =
    (op: Op) =>
    (i: number): Promise<unknown> =>
      op(keyOf(i));
  const rows: Row[] = [
    { name: "ioredis EVALSHA gcra (ceiling)", peer: true, op: keyed(await ceiling("gcra", GCRA, true)) },
    {
      name: "ioredis EVALSHA sliding-log (ceiling)",
      peer: true,
      op: keyed(await ceiling("sl", SLIDING_LOG, true)),
    },
    {
      name: "ioredis EVALSHA sliding-log verdict (pool.rateLimit()'s script; ceiling)",
      peer: true,
      op: keyed(await ceiling("verdict", RATE_LIMIT_VERDICT_SCRIPT, false)),
    },
    { name: RLF, peer: true, op: keyed((key) => rlf.consume(key).catch(() => false)) },
    { name: "beeredis gcra, autoPipelining false", op: keyed(beeredis(plain, "gcra", "b1:")) },
    { name: "beeredis gcra, autoPipelining true", op: keyed(beeredis(piped, "gcra", "b2:")) },
    { name: "beeredis sliding-log, autoPipelining false", op: keyed(beeredis(plain, "sliding-log", "b3:")) },
    { name: DEFAULT, op: keyed((key) => piped.rateLimit(key, WINDOW_S * 1000, LIMIT)) },
    {
      name: "beeredis fixed-window, autoPipelining false",
      op: keyed(beeredis(plain, "fixed-window", "b5:")),
    },
    { name: LOCAL, op: keyed(beeredis(plain, "sliding-log", "b6:", true)) },
  ];

  for (const keys of ["10k distinct keys", "one hot key"] as const) {
    keyOf = keys === "one hot key" ? () => "hot" : (i: number) => `user:${i % DISTINCT_KEYS}`;
    for (const inFlight of [1, 50]) {
      await admin.flushall();
      await compare(`Rate limit (limit ${LIMIT}/${WINDOW_S}s), ${keys}, ${inFlight} in flight`, rows, {
        inFlight,
        total,
        countCommands: redisCommandCounter(admin),
        targets: [{ row: DEFAULT, peer: RLF, min: 1.0 }],
      });
    }
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  print(
    `\nDistinct keys: every decision is allowed (a few per key); hot key: all but the first ${LIMIT} are denied. The ceilings run beeredis' own script through plain ioredis (no client layer). Section time: ${seconds} s.`,
  );

  raw.disconnect();
  rlfClient.disconnect();
  admin.disconnect();
  await Promise.all(registries.map((r) => r.close()));
  await multiLimitServerTime(server, total);
}
