/**
 * Outage scenario (issue 16): steady rate-limit load over TCP and HTTP (through the gateway) while Redis is down
 * for OUTAGE_SECONDS (default 10). It prints decision latency during the outage, what onError decided, and the
 * time from Redis's return to the first decision Redis made again; it asserts that every decision was answered
 * (none rejected), that the insurance limiter decided while Redis was away, and that Redis decides again by itself.
 * Latency and recovery figures are printed, not asserted (the machine may be loaded).
 */
import { expect, it } from "vitest";
import type { TransportName } from "../src/clients.js";
import { type Decision, steadyDecisions } from "../src/outage-load.js";
import { formatOutageReport, type OutageFigures, outageFigures } from "../src/outage-report.js";
import { startOutageRig } from "../src/outage-rig.js";
import { sleep } from "../src/sleep.js";

const OUTAGE_SECONDS = Number(process.env.OUTAGE_SECONDS || 10);
const LOOPS = 4;
const PAUSE_MS = 5;

it(`Redis down for ${OUTAGE_SECONDS} s under steady load: decisions follow onError at once, and Redis takes over again`, async () => {
  const unhandled: unknown[] = [];
  const recordUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on("unhandledRejection", recordUnhandled);
  const rig = await startOutageRig();
  const stop = new AbortController();
  try {
    const transports: TransportName[] = ["tcp", "http"];
    const loads = transports.map((t) => steadyDecisions(rig.limiters[t], LOOPS, PAUSE_MS, stop.signal));
    await sleep(2000);
    const downAt = performance.now();
    await rig.redis.down();
    await sleep(OUTAGE_SECONDS * 1000);
    await rig.redis.up(); // resolves once Redis answers PING again
    const upAt = performance.now();
    await sleep(3000);
    stop.abort();
    const decisions = await Promise.all(loads);
    const figures: Record<string, OutageFigures> = {};
    transports.forEach((t, i) => {
      figures[t] = outageFigures(decisions[i]!, { downAt, upAt });
    });
    console.log(formatOutageReport(OUTAGE_SECONDS, figures));

    for (const [i, transport] of transports.entries()) {
      const all: Decision[] = decisions[i]!;
      const f = figures[transport]!;
      expect({ transport, rejected: all.filter((d) => d.source === "rejected").length }).toEqual({
        transport,
        rejected: 0,
      });
      expect(f.bySource.local?.allowed, `${transport}: the insurance limiter decided`).toBeGreaterThan(0);
      expect(f.bySource.local?.denied, `${transport}: and denied past localLimit`).toBeGreaterThan(0);
      expect(Number.isNaN(f.knownAfterMs), `${transport}: the pool learnt Redis was down`).toBe(false);
      expect(Number.isNaN(f.recoveryMs), `${transport}: Redis decided again`).toBe(false);
      const last = all.at(-1)!;
      expect(last.source, `${transport}: the load ends on Redis`).toBe("redis");
    }
    expect(unhandled).toEqual([]);
  } finally {
    stop.abort();
    process.off("unhandledRejection", recordUnhandled);
    await rig.close();
  }
});
