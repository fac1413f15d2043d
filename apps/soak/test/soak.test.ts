/**
 * Soak (issue 10): SOAK_SECONDS of mixed load (an INCR ledger, rate-limit decisions, lock sections) over TCP and
 * HTTP at once, against a real redis-server behind a fault proxy and the gateway, while resets, latency,
 * blackholes and Redis restarts are injected. It prints its figures as a table, then asserts the invariants.
 */
import { expect, it } from "vitest";
import { type ByTransport, sum } from "../src/clients.js";
import { ErrorTally } from "../src/error-tally.js";
import { injectFaults } from "../src/faults.js";
import { canForceGc, heapUsedBytes } from "../src/heap.js";
import { LEDGER_KEY, Ledger } from "../src/ledger.js";
import { LockLoad } from "../src/lock-load.js";
import { provenByClientIntervals, provenByServerTimes } from "../src/rate-limit-checks.js";
import { HOT_KEYS, limiterOf, RATE_LIMIT, RATE_WINDOW_MS, RateLimitLoad } from "../src/rate-limit-load.js";
import { formatReport } from "../src/report.js";
import { isDurable, startRig } from "../src/rig.js";
import { SectionMonitor } from "../src/section-monitor.js";
import { ServerLogSampler } from "../src/server-log-sampler.js";
import { soakSeconds, timeline } from "../src/settings.js";
import { sleep } from "../src/sleep.js";

const TCP_CLIENTS = 2;
const HTTP_CLIENTS = 2;
/** Concurrent loops per client, for each of the three loads. */
const LOOPS_PER_CLIENT = 2;
const MAX_HEAP_GROWTH_BYTES = 50 * 1024 * 1024;
const DRAIN_LIMIT_MS = 10_000;
/** What the two clocks (ours, the server's) may drift apart over one window, in ms. */
const CLOCK_SLACK_MS = 1;

const seconds = soakSeconds();
const plan = timeline(seconds);

it(`${seconds} s of commands, rate-limit decisions and lock sections over TCP and HTTP, under faults`, async () => {
  const unhandled: unknown[] = [];
  const recordUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on("unhandledRejection", recordUnhandled);
  const rig = await startRig(TCP_CLIENTS, HTTP_CLIENTS);
  const stop = new AbortController();
  try {
    await rig.admin.connect();
    expect(await isDurable(rig.admin), "redis-server must fsync every write, or a restart loses data").toBe(
      true,
    );

    const errors = new ErrorTally();
    const ledger = new Ledger(errors);
    const rateLimits = new RateLimitLoad(errors);
    const monitor = new SectionMonitor();
    const locks = new LockLoad(monitor, errors);
    const limiter = limiterOf(rig.clients[0]!);
    const sampler = new ServerLogSampler(
      rig.admin,
      HOT_KEYS.map((key) => limiter.redisKey(key)),
      RATE_WINDOW_MS / 4,
    );
    const progress = () => ({
      commands: { ...ledger.acknowledged },
      decisions: { ...rateLimits.decisions },
      sections: { ...locks.completed },
    });

    const heapBefore = heapUsedBytes();
    const start = performance.now();
    const running = new Set<string>();
    const track = (name: string, load: Promise<void>) => {
      running.add(name);
      return load.then(() => void running.delete(name));
    };
    const loads = Promise.all([
      track("commands", ledger.run(rig.clients, LOOPS_PER_CLIENT, stop.signal)),
      track("decisions", rateLimits.run(rig.clients, LOOPS_PER_CLIENT, stop.signal)),
      track("sections", locks.run(rig.clients, LOOPS_PER_CLIENT, stop.signal)),
      track("server log", sampler.run(stop.signal)),
    ]);
    const faults = await injectFaults(rig, {
      start,
      firstAtMs: plan.firstFaultMs,
      gapMs: plan.faultGapMs,
      endByMs: plan.lastFaultEndMs,
    });
    const atLastHeal = progress();
    await sleep(start + plan.durationMs - performance.now());
    stop.abort();
    // Every call settles within its timeouts (the longest, a withLock, within a few seconds): a load still
    // running after DRAIN_LIMIT_MS has a call that never settled.
    await Promise.race([loads, sleep(DRAIN_LIMIT_MS)]);
    const hung = [...running];
    const atEnd = progress();

    const ledgerVerdict = ledger.verdict(Number(await rig.admin.get(LEDGER_KEY)));
    const violations = rateLimitViolations(rateLimits, sampler, (key) => limiter.redisKey(key));
    // The checks' own records are dropped, so the heap figure measures the pools, the gateway and the rig.
    rateLimits.allowed.clear();
    sampler.entries.clear();
    const heapAfter = heapUsedBytes();
    await sleep(50); // let a late rejection surface before judging

    const afterLastHeal = {
      commands: minus(atEnd.commands, atLastHeal.commands),
      decisions: minus(atEnd.decisions, atLastHeal.decisions),
      sections: minus(atEnd.sections, atLastHeal.sections),
    };
    console.log(
      formatReport({
        seconds,
        hung,
        ledger: ledgerVerdict,
        commands: atEnd.commands,
        decisions: { ...atEnd.decisions, denied: rateLimits.denied },
        sections: { ...atEnd.sections, lost: errors.byType.get("LockLostError LOCK_LOST") ?? 0 },
        faults,
        overlaps: monitor.overlaps.length,
        fenceRegressions: monitor.fenceRegressions.length,
        violations,
        errors: errors.byType,
        heap: { beforeBytes: heapBefore, afterBytes: heapAfter, forcedGc: canForceGc },
        afterLastHeal: {
          commands: sum(afterLastHeal.commands),
          decisions: sum(afterLastHeal.decisions),
          sections: sum(afterLastHeal.sections),
        },
      }),
    );

    expect(hung, `loads with a call still pending ${DRAIN_LIMIT_MS} ms after the stop`).toEqual([]);
    expect(unhandled).toEqual([]);
    expect(errors.foreign, "every rejection must be a BeeRedisError").toBe(0);
    expect(ledgerVerdict.lost, "acknowledged writes lost").toBe(0);
    expect(ledgerVerdict.extra, "writes applied more often than sent").toBe(0);
    expect(monitor.overlaps).toEqual([]);
    expect(monitor.fenceRegressions).toEqual([]);
    expect(violations).toMatchObject({ serverTimes: 0, serverLog: 0, clientIntervals: 0 });
    for (const count of Object.values(faults)) expect(count).toBeGreaterThan(0);
    // Every load, on both transports, got going again by itself after the last fault.
    for (const counts of Object.values(afterLastHeal)) {
      expect(counts.tcp).toBeGreaterThan(0);
      expect(counts.http).toBeGreaterThan(0);
    }
    if (canForceGc) expect(heapAfter - heapBefore).toBeLessThan(MAX_HEAP_GROWTH_BYTES);
  } finally {
    stop.abort();
    process.off("unhandledRejection", recordUnhandled);
    await rig.close();
  }
});

/** Proven violations of the sliding log, from the three kinds of evidence (see rate-limit-checks.ts). */
function rateLimitViolations(
  load: RateLimitLoad,
  sampler: ServerLogSampler,
  redisKey: (key: string) => string,
) {
  const windowUs = RATE_WINDOW_MS * 1000;
  let serverTimes = 0;
  let clientIntervals = 0;
  for (const decisions of load.allowed.values()) {
    const times = decisions.flatMap((decision) =>
      decision.serverUs === undefined ? [] : [decision.serverUs],
    );
    serverTimes += provenByServerTimes(times, RATE_LIMIT, windowUs);
    clientIntervals += provenByClientIntervals(decisions, RATE_LIMIT, RATE_WINDOW_MS, CLOCK_SLACK_MS);
  }
  let serverLog = 0;
  let logEntriesSeen = 0;
  for (const key of HOT_KEYS) {
    const times = sampler.times(redisKey(key));
    logEntriesSeen += times.length;
    serverLog += provenByServerTimes(times, RATE_LIMIT, windowUs);
  }
  return { serverTimes, serverLog, clientIntervals, logEntriesSeen };
}

const minus = (a: ByTransport, b: ByTransport): ByTransport => ({
  tcp: a.tcp - b.tcp,
  http: a.http - b.http,
});
