/** @module The locker's script calls: the keys and arguments of each, for one lock and one waiter. */
import type { LitePool } from "../registry/lite-pool.js";
import { runScript } from "../script.js";
import type { LockKeys } from "./keys.js";
import { type Attempt, LOCK_SCRIPTS, type LockInspection } from "./scripts.js";
import type { Contest, WaitPlan } from "./wait.js";

/** Where a lock lives: its pool and its keys. */
export interface LockTarget {
  readonly pool: LitePool;
  readonly keys: LockKeys;
}

/**
 * How an acquisition attempt behaves: one try, joining the queue, a queued waiter's heartbeat, or going back to
 * the head of the queue after a turn that expired before it could be used (see ACQUIRE_LUA).
 */
export type AttemptMode = "try" | "enqueue" | "poll" | "rejoin";

/** How a waiter learns of its turn: `b` blocks on its wake-up stream, `p` polls. */
export type WaiterKind = "b" | "p";

/** One obtain() as the scripts see it: its lock, token, ttl, box life and kind. */
export interface Waiter {
  readonly target: LockTarget;
  readonly token: string;
  readonly ttlMs: number;
  readonly lifeMs: number;
  readonly kind: WaiterKind;
}

/** Runs one acquisition attempt (see ACQUIRE_LUA). */
export function attempt(waiter: Waiter, mode: AttemptMode): Promise<Attempt> {
  const { target, token, ttlMs, lifeMs, kind } = waiter;
  return runScript(target.pool, LOCK_SCRIPTS.acquire, waiterKeys(waiter), [token, ttlMs, mode, lifeMs, kind]);
}

/** A waiter gives up and leaves the queue. Resolves to our fencing token if the lock was handed to us meanwhile. */
export function cancel(waiter: Waiter): Promise<number | undefined> {
  const { target, token, ttlMs, kind } = waiter;
  return runScript(target.pool, LOCK_SCRIPTS.cancel, waiterKeys(waiter), [token, ttlMs, kind]);
}

/** The keys of a waiter's scripts: the lock, its fence and queue, and the waiter's box. */
function waiterKeys({ target, token }: Waiter): string[] {
  const { lock, fence, queue, box } = target.keys;
  return [lock, fence, queue, box(token)];
}

/** One obtain's scripts, for the waiting loop. */
export function lockContest(target: LockTarget, token: string, ttlMs: number, plan: WaitPlan): Contest {
  const waiter: Waiter = { target, token, ttlMs, lifeMs: plan.lifeMs, kind: plan.kind };
  return {
    pool: target.pool,
    box: target.keys.box(token),
    attempt: (mode) => attempt(waiter, mode),
    cancel: () => cancel(waiter),
    release: () => release(target, token),
  };
}

/** Releases the lock if `token` holds it, handing it to the next live waiter. */
export function release(target: LockTarget, token: string): Promise<boolean> {
  const { lock, fence, queue } = target.keys;
  return runScript(target.pool, LOCK_SCRIPTS.release, [lock, fence, queue], [token]);
}

/** Extends (`add`) or resets (`set`) the expiry if `token` holds the lock. Resolves to the ms left, 0 if not ours. */
export function refresh(target: LockTarget, token: string, ms: number, mode: "add" | "set"): Promise<number> {
  return runScript(target.pool, LOCK_SCRIPTS.refresh, [target.keys.lock], [token, ms, mode]);
}

/** The ms left while `token` holds the lock, else 0. */
export function remaining(target: LockTarget, token: string): Promise<number> {
  return runScript(target.pool, LOCK_SCRIPTS.ttl, [target.keys.lock], [token]);
}

/** The lock's state, without taking it. */
export function inspect(target: LockTarget): Promise<LockInspection> {
  const { lock, fence, queue } = target.keys;
  return runScript(target.pool, LOCK_SCRIPTS.inspect, [lock, fence, queue], []);
}

/** Releases the lock whoever holds it, handing it to the next live waiter. Resolves to whether it was held. */
export function forceRelease(target: LockTarget): Promise<boolean> {
  const { lock, fence, queue } = target.keys;
  return runScript(target.pool, LOCK_SCRIPTS.forceRelease, [lock, fence, queue], []);
}
