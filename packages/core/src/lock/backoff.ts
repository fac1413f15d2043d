/** @module Waiting helpers: exponential backoff with jitter, and abortable sleeps. */

/**
 * The delay before polling attempt `attempt` (0-based): doubling from `minMs` up to `maxMs`, with "equal
 * jitter" (a random point in the upper half), so waiters that started together drift apart.
 * @param random a source of numbers in [0, 1), `Math.random` by default.
 */
export function backoffDelay(
  attempt: number,
  minMs: number,
  maxMs: number,
  random: () => number = Math.random,
) {
  const base = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
  return base / 2 + random() * (base / 2);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * A promise that rejects with the signal's reason when it aborts (never settles otherwise), and a disposer that
 * removes the listener. Race work against it to end a wait at once.
 */
export function whenAborted(signal: AbortSignal | undefined): { promise: Promise<never>; dispose(): void } {
  if (!signal) return { promise: new Promise<never>(() => undefined), dispose: () => undefined };
  let onAbort: () => void = () => undefined;
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  promise.catch(() => undefined); // observed by the races; never an unhandled rejection
  return { promise, dispose: () => signal.removeEventListener("abort", onAbort) };
}
