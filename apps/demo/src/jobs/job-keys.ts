/**
 * Where the nightly job lives in Redis (pool "default", database 0, shared by every runtime): the lock every
 * instance competes for, and each run's record and log. Runs are kept for {@link RUN_TTL_SECONDS}.
 */
import type { LockerOptions } from "@beeredis/core";

/** The lock every instance competes for. */
export const JOB_LOCK_KEY = "nightly_job";

/**
 * The locker's options, the same for the instances and the page (which reads the lock with `locker.inspect()`).
 * Over HTTP a waiter polls, backing off up to its heartbeat: 250 ms (the default is 1 s) lets the page show a
 * hand-over about as soon as it happens.
 */
export const LOCKER_OPTIONS: LockerOptions = { heartbeat: "250ms" };

/** How long a run's record and log stay in Redis. */
export const RUN_TTL_SECONDS = 600;

/** The keys of the runs. */
export const runKeys = {
  /** The latest run's id. */
  latest: "demo:job:latest",
  /** The active run's id, expiring at its deadline: one run at a time, whichever runtime started it. */
  active: "demo:job:active",
  /**
   * A hash: the run's `record` (JSON), and one field per instance, set once: `claim:<n>` when its request
   * arrives, `end:<n>` ("released" or "killed") deciding whether it finished or was killed, whichever came first.
   */
  record: (id: string) => `demo:job:run:${id}`,
  /** A list of JSON events (`JobEvent`, run-view.ts) in the order they happened. */
  events: (id: string) => `demo:job:run:${id}:events`,
};
