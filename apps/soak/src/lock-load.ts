/**
 * @module Critical sections under `locker.withLock()` on a few shared keys, over every client at once, watched
 * by a {@link SectionMonitor}.
 *
 * Timing: short sections end well inside one ttl; every other one is long (0.4 to 1.6 ttl), spans withLock's
 * refreshes (every ttl / 3) and stays held only through them. So without faults nothing can overlap, and when a
 * fault hits, the keys are mostly held, by TCP and HTTP clients alike. A blackhole or a partition outlasts the
 * ttl, so locks expire under holders that cannot reach Redis: withLock must abort such a holder's signal before
 * another holder can get in, and the section then stops.
 */
import type { Lock } from "@beeredis/core";
import { type Client, perTransport, type TransportName } from "./clients.js";
import type { ErrorTally } from "./error-tally.js";
import { runLoops } from "./loops.js";
import type { SectionMonitor } from "./section-monitor.js";
import { sleep } from "./sleep.js";

const LOCK_KEYS = ["soak:lock:0", "soak:lock:1", "soak:lock:2"];
const LOCK_TTL_MS = 1000;
const LOCK_WAIT_MS = 2000;
const SHORT_SECTION_MS = [5, 30] as const;
const LONG_SECTION_MS = [400, 1600] as const;
/** One section in LONG_EVERY is long. */
const LONG_EVERY = 2;
/** How often a section looks at its signal. */
const SECTION_TICK_MS = 5;

export class LockLoad {
  /** Sections that ran to their end holding the lock. */
  readonly completed = perTransport();
  /** Sections entered (including those that then lost the lock). */
  readonly entered = perTransport();
  private sections = 0;

  constructor(
    private readonly monitor: SectionMonitor,
    private readonly errors: ErrorTally,
  ) {}

  /** Runs `loopsPerClient` lock loops on every client until `stop` aborts. */
  async run(clients: readonly Client[], loopsPerClient: number, stop: AbortSignal): Promise<void> {
    await Promise.all(
      clients.map(({ transport, pool }) => {
        const locker = pool.getLocker();
        return runLoops(loopsPerClient, stop, async () => {
          const n = this.sections++;
          const key = LOCK_KEYS[n % LOCK_KEYS.length]!;
          const [min, max] = n % LONG_EVERY === 0 ? LONG_SECTION_MS : SHORT_SECTION_MS;
          const lengthMs = min + Math.random() * (max - min);
          try {
            await locker.withLock(key, { ttl: LOCK_TTL_MS, wait: LOCK_WAIT_MS }, (signal, lock) =>
              this.section(transport, lock, signal, lengthMs),
            );
            this.completed[transport]++;
            return true;
          } catch (error) {
            this.errors.record(error);
            return false;
          }
        });
      }),
    );
  }

  private async section(transport: TransportName, lock: Lock, signal: AbortSignal, lengthMs: number) {
    this.entered[transport]++;
    const visit = this.monitor.enter(lock.key, lock.fencingToken, transport, signal);
    try {
      const end = performance.now() + lengthMs;
      while (!signal.aborted && performance.now() < end) await sleep(SECTION_TICK_MS);
    } finally {
      this.monitor.leave(visit);
    }
    // The lock was lost: stop, as withLock asks (it rejects with the LockLostError).
    signal.throwIfAborted();
  }
}
