/** @module An acquisition's `timeout`: a deadline for the whole call, wait and round trips included. */
import type { Duration } from "../duration.js";
import { LockTimeoutError } from "../errors.js";
import type { LitePool } from "../registry/lite-pool.js";
import {
  asDeadline,
  type Contest,
  contend,
  type Turn,
  type WaitPlan,
  type WaitSettings,
  waitPlan,
} from "./wait.js";

/** How long an acquisition may take in all, and how to cancel it. */
export interface AcquireLimits {
  /** Ends a wait at once: the call rejects with the signal's reason and leaves the queue. */
  signal?: AbortSignal;
  /**
   * A deadline for the whole call, its wait and every round trip included (the pool's `commandTimeout` bounds
   * each command alone). Past it the call rejects with `LockTimeoutError`, even while a request is in flight,
   * and leaves the queue behind it. A `waitTimeout` shorter than this still resolves to null when it ends.
   */
  timeout?: Duration;
}

/** One acquisition of a lock or of permits, its input checked. */
export interface Acquisition {
  readonly pool: LitePool;
  readonly settings: WaitSettings;
  readonly ttlMs: number;
  readonly waitMs: number;
  readonly signal: AbortSignal | undefined;
  readonly timeoutMs: number | undefined;
  /** Names it in the timeout's message: `Lock "job"`. */
  readonly label: string;
}

/** Runs one acquisition (see `contend`), its `timeout` applied to the whole call. */
export async function acquireWithin(
  acquisition: Acquisition,
  contestFor: (plan: WaitPlan) => Contest,
): Promise<Turn | null> {
  const { pool, settings, ttlMs, waitMs, signal, timeoutMs, label } = acquisition;
  const plan = waitPlan(pool, settings, waitMs);
  const deadline = withDeadline(signal, timeoutMs, label);
  try {
    return await contend(contestFor(plan), plan, settings, ttlMs, waitMs, deadline.signal);
  } finally {
    deadline.dispose();
  }
}

/** A signal for one acquisition, and a disposer that clears its timer. */
export interface DeadlineSignal {
  readonly signal: AbortSignal | undefined;
  dispose(): void;
}

/**
 * A signal that aborts when `outer` does, or with `LockTimeoutError` (saying `what` missed it) once `timeoutMs`
 * has passed. Without a timeout it is `outer` itself.
 */
export function withDeadline(
  outer: AbortSignal | undefined,
  timeoutMs: number | undefined,
  what: string,
): DeadlineSignal {
  if (timeoutMs === undefined) return { signal: outer, dispose: () => undefined };
  const controller = new AbortController();
  const forward = () => controller.abort(outer!.reason);
  if (outer?.aborted) forward();
  else outer?.addEventListener("abort", forward, { once: true });
  const timer = setTimeout(() => {
    const error = new LockTimeoutError(`${what} was not obtained within its ${timeoutMs} ms timeout.`);
    controller.abort(asDeadline(error));
  }, timeoutMs);
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      outer?.removeEventListener("abort", forward);
    },
  };
}
