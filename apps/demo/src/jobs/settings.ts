/** What one run of the nightly job is asked to do, its defaults and the ranges the start form accepts. */

/** What one run is asked to do. Times in milliseconds. */
export interface JobSettings {
  /** How many instances start. */
  instances: number;
  /** The lock's TTL; `withLock` refreshes it while the job runs. */
  ttlMs: number;
  /** How long the job itself takes once an instance holds the lock. */
  workMs: number;
  /** How long an instance waits for the lock before giving up. */
  waitMs: number;
}

export const DEFAULT_JOB_SETTINGS: JobSettings = { instances: 5, ttlMs: 4000, workMs: 2000, waitMs: 15_000 };

/**
 * Accepted ranges of {@link JobSettings}, inclusive. At most 5 instances: each is a request the page keeps open
 * while the instance waits and works, and a browser opens at most 6 connections to one server over HTTP/1.1 (the
 * sixth is the page's own polling). More would queue in the browser and start late.
 */
export const JOB_LIMITS: Readonly<Record<keyof JobSettings, readonly [number, number]>> = {
  instances: [1, 5],
  ttlMs: [500, 60_000],
  workMs: [0, 60_000],
  waitMs: [0, 120_000],
};

/**
 * How long after its start a run is over whatever its instances report: every instance asks within moments of the
 * start, waits at most `waitMs`, then works `workMs`. The margin covers requests that arrive late.
 */
export function runDeadlineMs(settings: JobSettings): number {
  return settings.waitMs + settings.workMs + 5000;
}
