/**
 * Server time of a multi-limit decision against a one-limit decision, from INFO commandstats (`usec_per_call` of
 * EVALSHA: the time Redis spends in the script, free of network and client costs). The target: a two-limit
 * decision costs one round trip and at most 1.3× the server time of a one-limit decision.
 *
 * The rows run one after another in rounds (the order rotating each round), each on its own keys, since
 * commandstats are server-wide. Each row's time is summed over its rounds; its ratio to the one-limit row is the
 * median of the per-round ratios, so a load spike on a shared machine during one round does not skew it.
 */
import { type RedisPool, Registry } from "@beeredis/core";
import { tcp } from "@beeredis/ioredis";
import type { RedisServer } from "@beeredis/testkit";
import { Redis } from "ioredis";
import { drive, median, print } from "../harness.js";

const ROUNDS = 9;
const IN_FLIGHT = 50;
const DISTINCT_KEYS = 10_000;
const ONE_LIMIT = "one limit (sliding-log, 100 / 1m)";

type Op = (key: string) => Promise<{ allowed: boolean }>;

export async function multiLimitServerTime(server: RedisServer, total: number): Promise<void> {
  const registry = await new Registry({ transport: tcp({ autoPipelining: false }) })
    .registerRedis(`${server.host}:${server.port}`, 0)
    .validate();
  const pool: RedisPool = registry.createEngine().getRedis();
  const admin = new Redis({ host: server.host, port: server.port });
  const single = pool.rateLimiter({ limit: 100, window: "1m", prefix: "m1:" });
  const oneRule = pool.rateLimiter({ limits: [{ window: "1m", limit: 100 }], prefix: "m2:" });
  const twoRules = pool.rateLimiter({
    limits: [
      { window: "1s", limit: 10 },
      { window: "1m", limit: 100 },
    ],
    prefix: "m3:",
  });
  const twoKeys = pool.rateLimiter({
    limits: [
      { name: "user", key: "user", window: "1m", limit: 100 },
      { name: "ip", key: "ip", window: "1m", limit: 1000 },
    ],
    prefix: "m4:",
  });
  const rows: [string, Op][] = [
    [ONE_LIMIT, (key) => single.limit(key)],
    ["limits: [100 / 1m] (one limit, multi-limit script)", (key) => oneRule.limit(key)],
    ["limits: [10 / 1s, 100 / 1m] (two limits, one key)", (key) => twoRules.limit(key)],
    [
      "limits: user 100 / 1m + ip 1000 / 1m (two keys, one tag)",
      (key) => twoKeys.limit({ user: `{${key}}u`, ip: `{${key}}ip` }),
    ],
  ];

  print(
    `\n## Rate limit: server time of a multi-limit decision (EVALSHA usec_per_call, ${total} decisions per row, ${IN_FLIGHT} in flight)\n`,
  );
  print(
    "| keys | row | µs per decision (server) | ÷ one limit (median of rounds) | EVALSHA per decision | allowed |",
  );
  print("|---|---|---:|---:|---:|---:|");
  for (const keys of ["10k distinct keys", "one hot key"] as const) {
    const keyOf = keys === "one hot key" ? () => "hot" : (i: number) => `user:${i % DISTINCT_KEYS}`;
    await admin.flushall();
    const sums = rows.map(() => ({ usec: 0, calls: 0, decisions: 0, allowed: 0, perRound: [] as number[] }));
    const size = Math.ceil(total / ROUNDS);
    for (let round = 0; round < ROUNDS; round++) {
      for (let r = 0; r < rows.length; r++) {
        const index = (r + round) % rows.length;
        const [, op] = rows[index]!;
        const sum = sums[index]!;
        await admin.config("RESETSTAT");
        await drive(
          size,
          IN_FLIGHT,
          async (i) => {
            if ((await op(keyOf(round * size + i))).allowed) sum.allowed++;
          },
          0,
        );
        const stats = await admin.info("commandstats");
        const match = /cmdstat_evalsha:calls=(\d+),usec=(\d+)/.exec(stats);
        const [calls, usec] = [Number(match?.[1] ?? 0), Number(match?.[2] ?? 0)];
        sum.calls += calls;
        sum.usec += usec;
        sum.decisions += size;
        sum.perRound.push(usec / calls);
      }
    }
    const base = sums[0]!.perRound;
    for (const [i, [name]] of rows.entries()) {
      const s = sums[i]!;
      const ratio = median(s.perRound.map((usec, round) => usec / base[round]!));
      print(
        `| ${keys} | ${name} | ${(s.usec / s.calls).toFixed(2)} | ${ratio.toFixed(2)}× | ${(s.calls / s.decisions).toFixed(2)} | ${((100 * s.allowed) / s.decisions).toFixed(0)}% |`,
      );
    }
  }
  print(
    "\nTarget: the two-limit rows ≤ 1.3× the one-limit row, at one EVALSHA per decision. Every row's script reads the key's block (one PTTL per key).",
  );
  admin.disconnect();
  await registry.close();
}
