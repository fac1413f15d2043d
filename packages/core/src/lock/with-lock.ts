/** @module `withLock()` and `withSemaphore()`: keep what was obtained alive while a function runs, always release. */
import type { Lease } from "./lease.js";

/**
 * Runs `fn(signal, lease)` while `lease` is held, resetting its expiry to `ttlMs` every `ttlMs / 3`. When a
 * refresh finds it gone, or the ttl passes before a refresh is confirmed (Redis unreachable, or this process
 * paused), `signal` aborts with `LockLostError`. `outer` aborting is forwarded to `signal` too. The lease is
 * always released afterwards.
 */
export async function runHolding<L extends Lease, T>(
  lease: L,
  ttlMs: number,
  outer: AbortSignal | undefined,
  fn: (signal: AbortSignal, lease: L) => T | Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const forward = () => controller.abort(outer!.reason);
  if (outer?.aborted) forward();
  else outer?.addEventListener("abort", forward, { once: true });
  lease.keepAlive(ttlMs, (error) => controller.abort(error));
  try {
    return await fn(controller.signal, lease);
  } finally {
    outer?.removeEventListener("abort", forward);
    // A release that cannot reach Redis is not reported: it then expires after its ttl. It stops the keep-alive.
    await lease.release().catch(() => false);
  }
}
