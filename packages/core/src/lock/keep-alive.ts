/** @module The keep-alive of a held lock or permit: refreshes it every ttl / 3 and says when it is lost. */
import { LockLostError, TransportError } from "../errors.js";

/** setTimeout's longest delay; a longer keep-alive interval would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What a keep-alive refreshes. */
export interface KeptAlive {
  /** Names it in messages: `Lock "job"`. */
  readonly label: string;
  /** When its ttl started, at the earliest (`performance.now()` time). */
  readonly heldSince: number;
  /** Sets the expiry to `ms` from now; false once it is not ours. */
  extendTo(ms: number): Promise<boolean>;
}

/**
 * Resets the expiry of a lock (or of a semaphore's permits) every `ttlMs / 3`, each refresh sent `ttlMs / 3` after the previous one was sent
 * (not answered), so a slow round trip does not push the next one back. Our estimate of the expiry counts from
 * the send of the last confirmed refresh (Redis started the ttl later than that); the lock is lost when Redis
 * says it is not ours, or when that estimate passes.
 */
export function keepAlive(
  lock: KeptAlive,
  ttlMs: number,
  onLost: (error: LockLostError) => void,
): { stop(): void } {
  const interval = Math.min(MAX_TIMER_MS, Math.max(1, Math.floor(ttlMs / 3)));
  // From the earliest moment the ttl can have started (a lock handed over may have waited in our box).
  let expiresAt = lock.heldSince + ttlMs;
  /** When the next refresh is due, and when its timer was set. */
  let dueAt = lock.heldSince + interval;
  let armedAt = Number.POSITIVE_INFINITY;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let deadline: ReturnType<typeof setTimeout> | undefined;

  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    clearTimeout(deadline);
  };
  const lost = (why: string, cause?: unknown) => {
    stop();
    const options = cause === undefined ? undefined : { cause };
    onLost(new LockLostError(`${lock.label} was lost: ${why}.`, options));
  };
  /** Our estimate of the expiry passed: say whether this process missed its refresh, or Redis did not answer. */
  const expired = (cause?: unknown) => {
    const late = performance.now() - dueAt;
    // A refresh whose timer was set in time, due well before the expiry, that has still not run: timers fired
    // late, so this process was stopped or its event loop blocked (the ttl passed while it could not act).
    if (armedAt <= dueAt && dueAt + interval / 2 <= expiresAt) {
      return lost(
        `its ${ttlMs} ms ttl passed before a refresh could run: this process was paused or its event loop ` +
          `blocked (the refresh was due ${Math.round(late)} ms ago)`,
        cause,
      );
    }
    lost(
      "Redis did not confirm a refresh before its ttl ran out",
      cause ??
        new TransportError("No refresh was confirmed before the lock's ttl ran out.", { timedOut: true }),
    );
  };
  // A refresh stuck on a dead connection fails only after its command timeout, when another holder may already
  // have the lock: fn is told at our estimated expiry instead, whatever the refresh in flight does.
  const watchExpiry = () => {
    clearTimeout(deadline);
    const left = expiresAt - performance.now();
    if (left <= 0) return expired();
    deadline = setTimeout(watchExpiry, Math.min(MAX_TIMER_MS, left));
  };
  const schedule = (at: number) => {
    clearTimeout(timer);
    dueAt = at;
    armedAt = performance.now();
    timer = setTimeout(tick, Math.max(0, at - performance.now()));
  };
  const tick = () => {
    if (stopped) return;
    const sent = performance.now();
    if (sent >= expiresAt) return expired();
    schedule(sent + interval);
    lock.extendTo(ttlMs).then(
      (held) => {
        if (stopped) return;
        if (!held) return lost("it expired or another holder took it");
        expiresAt = Math.max(expiresAt, sent + ttlMs);
        watchExpiry();
      },
      (error: unknown) => {
        if (stopped) return;
        const left = expiresAt - performance.now();
        if (left <= 0) return expired(error);
        // Retry sooner while the lock may still be ours.
        if (dueAt - performance.now() > left / 2) schedule(performance.now() + Math.max(1, left / 2));
      },
    );
  };

  watchExpiry();
  if (!stopped) schedule(dueAt);
  return { stop };
}
