/**
 * A contended semaphore, side by side on the same Redis: beeredis' Semaphore (TCP) and redis-semaphore's
 * Semaphore (ioredis, its defaults and a long acquireTimeout). WORKERS workers x SECTIONS sections of CS_MS on
 * PERMITS permits, ROUNDS interleaved runs per library, the run with the median utilisation reported.
 * Utilisation is critical-section time over wall time x permits; the fair share of a wait is the time the
 * other holders ahead need, WORKERS / PERMITS x CS_MS.
 */
import { Registry } from "@beeredis/core";
import { tcp } from "@beeredis/ioredis";
import type { RedisServer } from "@beeredis/testkit";
import { Redis } from "ioredis";
import { Semaphore as RedisSemaphore } from "redis-semaphore";
import { print, recordExtra, redisCommandCounter } from "../harness.js";
import { type Acquire, type ContendedRun, contend } from "./contention.js";
import { counting, countSent } from "./counters.js";

const WORKERS = 16;
const PERMITS = 4;
const SECTIONS = 25;
const CS_MS = 5;
const TTL_MS = 10_000;
const ROUNDS = 3;

export async function semaphoreSection(server: RedisServer): Promise<void> {
  const beeSent = { n: 0 };
  const registry = await new Registry({ transport: counting(tcp(), beeSent) })
    .registerRedis(`${server.host}:${server.port}`, 0)
    .validate();
  const locker = registry.createEngine().getRedis().getLocker();
  const client = new Redis({ host: server.host, port: server.port });
  const theirSent = countSent(client);
  const admin = new Redis({ host: server.host, port: server.port });

  const contenders: { name: string; sent(): number; acquire: Acquire }[] = [
    {
      name: "beeredis Semaphore",
      sent: () => beeSent.n,
      acquire: async (key) => {
        const permit = await locker.getSemaphore(key, PERMITS).acquire(TTL_MS, 60_000);
        if (!permit) throw new Error("beeredis: no permit");
        return () => permit.release();
      },
    },
    {
      name: "redis-semaphore Semaphore 5.8.0",
      sent: () => theirSent.n,
      acquire: async (key) => {
        const semaphore = new RedisSemaphore(client, key, PERMITS, {
          lockTimeout: TTL_MS,
          acquireTimeout: 60_000,
        });
        await semaphore.acquire();
        return () => semaphore.release();
      },
    },
  ];

  const shape = { workers: WORKERS, sections: SECTIONS, csMs: CS_MS, permits: PERMITS };
  const commandCalls = redisCommandCounter(admin);
  const runs = new Map<string, ContendedRun[]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of contenders) {
      await contend(c.acquire, `bench:sem:warm:${round}`, { ...shape, sections: 2 });
      const before = [await commandCalls(), c.sent()] as const;
      const r = await contend(c.acquire, `bench:sem:hot:${round}`, shape);
      r.commands = ((await commandCalls()) - before[0]) / r.sections;
      r.sent = (c.sent() - before[1]) / r.sections;
      runs.set(c.name, [...(runs.get(c.name) ?? []), r]);
    }
  }
  const fairShare = (WORKERS / PERMITS) * CS_MS;
  print(
    `\n## Semaphore: contended, ${WORKERS} workers x ${SECTIONS} sections of ${CS_MS} ms on ${PERMITS} permits (median of ${ROUNDS} runs; fair share of a wait ${fairShare} ms)\n`,
  );
  print(
    "| implementation | wall ms | utilisation | mean hand-off to another worker ms | longest wait ms | longest wait / fair share | more than permits held | Redis commands / CS | commands sent / CS |",
  );
  print("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  const medians: Record<string, ContendedRun> = {};
  for (const c of contenders) {
    const all = runs.get(c.name)!.sort((a, b) => a.utilisation - b.utilisation);
    const r = all[Math.floor(all.length / 2)]!;
    medians[c.name] = r;
    const exceeded = runs.get(c.name)!.reduce((sum, run) => sum + run.exceeded, 0);
    print(
      `| ${c.name} | ${r.wall.toFixed(0)} | ${r.utilisation.toFixed(3)} | ${r.handoff.toFixed(3)} | ${r.longestWait.toFixed(1)} | ${(r.longestWait / fairShare).toFixed(2)} | ${exceeded} | ${r.commands.toFixed(1)} | ${r.sent.toFixed(1)} |`,
    );
  }
  print(
    "\nTargets (beeredis): utilisation >= 0.95; longest wait <= 3x the fair share; never more than `permits` held (summed over every run).",
  );
  recordExtra("Semaphore: contended (median run by utilisation)", medians);
  client.disconnect();
  admin.disconnect();
  await registry.close();
}
