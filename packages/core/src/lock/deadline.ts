/** @module An acquisition's `timeout`: a deadline for the whole call, wait and round trips included. */
import type { Duration } from "../duration.js";
import { LockTimeoutError } from "../errors.js";
import type { LitePool } from "../registry/lite-pool.js";
import type { CheckedAcquire } from "./validate.js";
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

/** Runs one acquisition (see `contend`) of what `label` names, its `timeout` applied to the whole call. */
export async function acquireWithin(
  pool: LitePool,
  settings: WaitSettings,
  label: string,
  { ttlMs, waitMs, signal, timeoutMs }: CheckedAcquire,
  contestFor: (plan: WaitPlan) => Contest,
): Promise<Turn | null> {
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
