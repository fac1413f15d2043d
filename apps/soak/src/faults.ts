/**
 * @module Injects faults on a cycle while the load runs: connection resets, latency, a blackhole, a partition and
 * a Redis restart. Each fault ends healed (or, for the restart, with Redis back up); nothing is done to help the
 * clients recover.
 */
import type { FaultProxy, RedisServer } from "@beeredis/testkit";
import { sleep } from "./sleep.js";

export type FaultKind = "reset" | "latency" | "blackhole" | "partition" | "restart";
const FAULT_KINDS: readonly FaultKind[] = ["reset", "latency", "blackhole", "partition", "restart"];

/** How long latency, a blackhole or a partition lasts: longer than a lock's ttl, so locks expire under cut-off holders. */
const FAULT_HOLD_MS = 1500;
const LATENCY_MS = [50, 200] as const;
/** What a restart is assumed to take at most when deciding whether it still fits in the fault window. */
const RESTART_BUDGET_MS = 1000;

export interface FaultTargets {
  redis: RedisServer;
  redisProxy: FaultProxy;
  gatewayProxy: FaultProxy;
}

export type FaultCounts = Record<FaultKind, number>;

/**
 * From `firstAtMs` after `start` (a `performance.now()` time), injects one fault of each kind in turn, with
 * `gapMs` between them, as long as the next one ends by `endByMs`. Resolves as soon as the last one is healed.
 */
export async function injectFaults(
  targets: FaultTargets,
  schedule: { start: number; firstAtMs: number; gapMs: number; endByMs: number },
): Promise<FaultCounts> {
  const counts: FaultCounts = { reset: 0, latency: 0, blackhole: 0, partition: 0, restart: 0 };
  const kindAt = (i: number) => FAULT_KINDS[i % FAULT_KINDS.length]!;
  const fits = (kind: FaultKind, inMs: number) =>
    performance.now() - schedule.start + inMs + spanOf(kind) <= schedule.endByMs;
  await sleep(schedule.start + schedule.firstAtMs - performance.now());
  for (let i = 0; fits(kindAt(i), 0); i++) {
    await inject(targets, kindAt(i));
    counts[kindAt(i)]++;
    if (!fits(kindAt(i + 1), schedule.gapMs)) break;
    await sleep(schedule.gapMs);
  }
  return counts;
}

function spanOf(kind: FaultKind): number {
  return kind === "restart" ? RESTART_BUDGET_MS : kind === "reset" ? 0 : FAULT_HOLD_MS;
}

async function inject({ redis, redisProxy, gatewayProxy }: FaultTargets, kind: FaultKind): Promise<void> {
  switch (kind) {
    case "reset":
      // Every live socket, on both hops: clients and gateway to Redis, HTTP clients to the gateway.
      redisProxy.reset();
      gatewayProxy.reset();
      return;
    case "latency":
      redisProxy.latency(LATENCY_MS[0] + Math.random() * (LATENCY_MS[1] - LATENCY_MS[0]));
      await sleep(FAULT_HOLD_MS);
      redisProxy.heal();
      return;
    case "blackhole":
      redisProxy.blackhole();
      await sleep(FAULT_HOLD_MS);
      redisProxy.heal();
      return;
    case "partition":
      // Only the HTTP clients are cut off; the TCP clients still reach Redis and take the locks that expire.
      gatewayProxy.blackhole();
      await sleep(FAULT_HOLD_MS);
      gatewayProxy.heal();
      return;
    case "restart":
      await redis.restart();
      return;
  }
}
