/** @module `locker.withLock()`: obtain, keep the lock alive while a function runs, always release. */
import { LockLostError, TransportError } from "../errors.js";
import type { Lock } from "./lock.js";

/** setTimeout's longest delay; a longer keep-alive interval would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Runs `fn(signal, lock)` while `lock` is held, resetting its expiry to `ttlMs` every `ttlMs / 3`. When a refresh
 * finds the lock gone (or Redis stays unreachable until it must have expired) `signal` aborts with `LockLostError`.
 * `outer` aborting is forwarded to `signal` too. The lock is always released afterwards.
 */
export async function runHolding<T>(
  lock: Lock,
  ttlMs: number,
  outer: AbortSignal | undefined,
  fn: (signal: AbortSignal, lock: Lock) => T | Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const forward = () => controller.abort(outer!.reason);
  if (outer?.aborted) forward();
  else outer?.addEventListener("abort", forward, { once: true });
  const keeper = keepAlive(lock, ttlMs, controller);
  try {
    return await fn(controller.signal, lock);
  } finally {
    keeper.stop();
    outer?.removeEventListener("abort", forward);
    // A release that cannot reach Redis is not reported: the lock then expires after its ttl.
    await lock.release().catch(() => false);
  }
}

function keepAlive(lock: Lock, ttlMs: number, controller: AbortController): { stop(): void } {
  const interval = Math.min(MAX_TIMER_MS, Math.max(1, Math.floor(ttlMs / 3)));
  // Our estimate, from the earliest moment the ttl can have started (a lock handed over may have waited in our
  // box); Redis is the authority.
  let expiresAt = lock.heldSince + ttlMs;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let deadline: ReturnType<typeof setTimeout> | undefined;

  const lost = (cause?: unknown) => {
    stopped = true;
    clearTimeout(timer);
    clearTimeout(deadline);
    const why =
      cause === undefined ? "it expired or another holder took it" : "Redis could not confirm it in time";
    controller.abort(new LockLostError(`Lock "${lock.key}" was lost: ${why}.`, { cause }));
  };
  // A refresh stuck on a dead connection fails only after its command timeout, when another holder may already
  // have the lock: fn is told at our estimated expiry instead, whatever the refresh in flight does.
  const watchExpiry = () => {
    clearTimeout(deadline);
    const left = expiresAt - performance.now();
    if (left <= 0) return lost(new TransportError("No refresh was confirmed before the lock's ttl ran out."));
    deadline = setTimeout(watchExpiry, Math.min(MAX_TIMER_MS, left));
  };
  const schedule = (ms: number) => {
    if (!stopped) timer = setTimeout(tick, ms);
  };
  const tick = async () => {
    const sent = performance.now();
    try {
      const held = await lock.extendTo(ttlMs);
      if (stopped) return;
      if (!held) return lost();
      expiresAt = sent + ttlMs;
      watchExpiry();
      schedule(interval);
    } catch (error) {
      if (stopped) return;
      const left = expiresAt - performance.now();
      if (left <= 0) return lost(error);
      schedule(Math.max(1, Math.min(interval, left / 2))); // retry sooner while the lock may still be ours
    }
  };

  watchExpiry();
  schedule(Math.max(0, lock.heldSince + interval - performance.now()));
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(deadline);
    },
  };
}
