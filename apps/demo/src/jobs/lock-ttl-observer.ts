/**
 * A run's observer: its own connection, which only reads the lock's PTTL, on a timer while the run is active. The
 * reading also counts down a crashed holder's lock to its expiry, since nobody refreshes it any more.
 */
import type { ValidatedRegistry } from "@beeredis/core";
import type { JobBoardOptions } from "./job-board-options.js";
import { LOCK_REDIS_KEY } from "./lock-keys.js";

export class LockTtlObserver {
  /** The latest reading of the lock's PTTL (0 when there is no lock). */
  latest: { ms: number; at: number } | undefined;
  private readonly connection: Promise<ValidatedRegistry>;
  private readonly ticker: ReturnType<typeof setInterval>;
  private reading = false;
  private stopped = false;

  constructor(private readonly options: JobBoardOptions) {
    this.connection = options.connect();
    this.connection.catch(() => {}); // reported by the instances, which connect the same way
    this.ticker = setInterval(() => void this.read(), options.ttlPollMs ?? 200);
  }

  /** Reads the lock's TTL from Redis: one PTTL on the observer's connection. */
  async read(): Promise<void> {
    if (this.reading || this.stopped) return;
    this.reading = true;
    try {
      const observer = await this.connection;
      const ms = await observer.createEngine().getRedis(this.options.pool).pttl(LOCK_REDIS_KEY);
      this.latest = { ms: Math.max(0, Number(ms)), at: Date.now() };
    } catch {
      // Redis blinked, or the run is ending: keep the previous reading.
    } finally {
      this.reading = false;
    }
  }

  /** Stops reading and closes the connection: the run has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.ticker);
    await this.connection.then((registry) => registry.close()).catch(() => {});
  }
}
