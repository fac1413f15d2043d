/**
 * Distributed locks, side by side on the same Redis: beeredis' Locker (TCP), redlock (single instance) and
 * redis-semaphore's Mutex, each on its own ioredis-backed connection(s).
 * - Uncontended: obtain+release pairs per second, each in-flight worker on its own key, in alternating rounds
 *   (see harness.ts).
 * - Contended: WORKERS workers x SECTIONS critical sections of CS_MS on one key, ROUNDS interleaved runs per
 *   library, the run with the median utilisation reported. Utilisation is the summed
 *   critical-section time over the wall time; a hand-off is one release to the next acquire by a different
 *   worker; Redis commands per critical section are INFO commandstats deltas (commands run inside scripts
 *   count), next to the commands the client sent.
 * redlock runs with retryCount -1 (retry until it succeeds) and otherwise its defaults; redis-semaphore with its
 * defaults and a long acquireTimeout, so no library gives up during the contended run.
 * The contended semaphore case (semaphore.ts) runs after these.
 */
import { Registry } from "@beeredis/core";
import { tcp } from "@beeredis/ioredis";
import type { RedisServer } from "@beeredis/testkit";
import { Redis } from "ioredis";
import { Mutex } from "redis-semaphore";
// @ts-expect-error redlock 5.0.0-beta.2's "exports" map has no "types" entry; its typings are imported below.
import RedlockModule from "redlock";
import type RedlockClass from "../../node_modules/redlock/dist/index.js";
import { compare, print, recordExtra, redisCommandCounter } from "../harness.js";
import { type Acquire, type ContendedRun, contend } from "./contention.js";
import { counting, countSent } from "./counters.js";
import { semaphoreSection } from "./semaphore.js";

const Redlock = RedlockModule as typeof RedlockClass;

const WORKERS = 8;
const SECTIONS = 25;
const CS_MS = 5;
const TTL_MS = 10_000;
const ROUNDS = 3;

interface Contender {
  name: string;
  acquire: Acquire;
  /** Commands the client has sent so far. */
  sent(): number;
}

export async function lockSection(server: RedisServer, total: number): Promise<void> {
  const beeSent = { n: 0 };
  const registry = await new Registry({ transport: counting(tcp(), beeSent) })
    .registerRedis(`${server.host}:${server.port}`, 0)
    .validate();
  const locker = registry.createEngine().getRedis().getLocker();
  const clients = [0, 1].map(() => new Redis({ host: server.host, port: server.port }));
  const [redlockSent, semaphoreSent] = clients.map(countSent) as [{ n: number }, { n: number }];
  const redlock = new Redlock([clients[0]!], { retryCount: -1 });
  redlock.on("error", () => undefined); // failed attempts are expected under contention
  const admin = new Redis({ host: server.host, port: server.port });

  const contenders: Contender[] = [
    {
      name: "beeredis Locker",
      sent: () => beeSent.n,
      acquire: async (key) => {
        const lock = await locker.obtain(key, TTL_MS, 60_000);
        if (!lock) throw new Error("beeredis: not obtained");
        return () => lock.release();
      },
    },
    {
      name: "redlock 5.0.0-beta.2",
      sent: () => redlockSent.n,
      acquire: async (key) => {
        const lock = await redlock.acquire([key], TTL_MS);
        return () => lock.release();
      },
    },
    {
      name: "redis-semaphore Mutex 5.8.0",
      sent: () => semaphoreSent.n,
      acquire: async (key) => {
        const mutex = new Mutex(clients[1]!, key, { lockTimeout: TTL_MS, acquireTimeout: 60_000 });
        await mutex.acquire();
        return () => mutex.release();
      },
    },
  ];

  for (const inFlight of [1, 16]) {
    const rows = contenders.map((c) => {
      const free = Array.from({ length: inFlight }, (_, i) => `bench:lock:${c.name}:${i}`);
      return {
        name: c.name,
        peer: c !== contenders[0],
        op: async () => {
          const key = free.pop()!;
          const release = await c.acquire(key);
          await release();
          free.push(key);
        },
      };
    });
    await compare(`Lock: uncontended obtain+release pairs, ${inFlight} in flight`, rows, {
      inFlight,
      total,
      countCommands: redisCommandCounter(admin),
      targets: [{ row: contenders[0]!.name, peer: contenders[1]!.name, min: 1.0 }],
    });
  }

  print(
    `\n## Lock: contended, ${WORKERS} workers x ${SECTIONS} critical sections of ${CS_MS} ms on one key (median of ${ROUNDS} runs)\n`,
  );
  print(
    "| implementation | wall ms | utilisation | re-acquired by the releaser | mean hand-off to another worker ms | longest wait ms | Redis commands / CS | commands sent / CS |",
  );
  print("|---|---:|---:|---:|---:|---:|---:|---:|");
  const commandCalls = redisCommandCounter(admin);
  const runs = new Map<string, ContendedRun[]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of contenders) {
      // warm up: scripts cached, connections open
      await contend(c.acquire, "bench:lock:warm", { workers: WORKERS, sections: 5, csMs: CS_MS });
      const before = [await commandCalls(), c.sent()] as const;
      const r = await contend(c.acquire, `bench:lock:hot:${round}`, {
        workers: WORKERS,
        sections: SECTIONS,
        csMs: CS_MS,
      });
      r.commands = ((await commandCalls()) - before[0]) / r.sections;
      r.sent = (c.sent() - before[1]) / r.sections;
      runs.set(c.name, [...(runs.get(c.name) ?? []), r]);
    }
  }
  const medians: Record<string, ContendedRun> = {};
  for (const c of contenders) {
    const all = runs.get(c.name)!.sort((a, b) => a.utilisation - b.utilisation);
    const r = all[Math.floor(all.length / 2)]!; // the median run by utilisation
    medians[c.name] = r;
    print(
      `| ${c.name} | ${r.wall.toFixed(0)} | ${r.utilisation.toFixed(3)} | ${(r.sameWorker * 100).toFixed(0)}% | ${r.handoff.toFixed(3)} | ${r.longestWait.toFixed(1)} | ${r.commands.toFixed(1)} | ${r.sent.toFixed(1)} |`,
    );
  }
  print(
    "\nTargets (beeredis): uncontended >= 1.0x redlock; utilisation >= 0.95; hand-off to another worker <= 0.5 ms; longest wait <= 150 ms; fewer Redis commands per CS than redlock.",
  );

  recordExtra("Lock: contended (median run by utilisation)", medians);

  for (const client of clients) client.disconnect();
  admin.disconnect();
  await registry.close();
  await semaphoreSection(server);
}
