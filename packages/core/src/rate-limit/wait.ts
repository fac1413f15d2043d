/**
 * @module `limiter.waitFor()`: decide, and while denied sleep the server's `retryAfterMs`, until allowed.
 *
 * Only timers measure time here, never `Date.now()` or `performance.now()` (frozen between I/O in some edge
 * runtimes): the wait after each denial is the server's `retryAfterMs`, and the timeout is one timer.
 */
import { optionsObject } from "../commands/args.js";
import { describe } from "../commands/command.js";
import { type Duration, toNonNegativeMilliseconds } from "../duration.js";
import { InvalidArgumentError, RateLimitTimeoutError } from "../errors.js";
import { sleep } from "../lock/backoff.js";
import type { RateLimitOptions, RateLimitResult } from "./types.js";

/** The default timeout of `waitFor`. */
export const DEFAULT_WAIT_TIMEOUT_MS = 10_000;
/** The longest timeout accepted: what one timer can hold (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Options of `limiter.waitFor()`. */
export interface RateLimitWaitOptions extends RateLimitOptions {
  /**
   * Gives up with a `RateLimitTimeoutError` after this long (at once, when a denial's `retryAfterMs` alone is
   * longer than what is left). Nothing is consumed then.
   * @default 10 s
   */
  timeout?: Duration;
  /** Ends the wait at once: `waitFor` rejects with the signal's reason, consuming nothing. */
  signal?: AbortSignal;
}

/** A wait's timeout in ms and its signal, checked. @internal */
export function checkWaitOptions(options: RateLimitWaitOptions | undefined): {
  timeoutMs: number;
  signal: AbortSignal | undefined;
} {
  const { timeout, signal } = optionsObject(options, "waitFor");
  const timeoutMs =
    timeout === undefined ? DEFAULT_WAIT_TIMEOUT_MS : toNonNegativeMilliseconds(timeout, "waitFor timeout");
  if (timeoutMs > MAX_TIMER_MS) {
    throw new InvalidArgumentError(
      `waitFor timeout must be at most ${MAX_TIMER_MS} ms, got ${timeoutMs} ms.`,
    );
  }
  if (signal !== undefined && (typeof signal !== "object" || signal === null || !("aborted" in signal))) {
    throw new InvalidArgumentError(`waitFor signal must be an AbortSignal, got ${describe(signal)}.`);
  }
  return { timeoutMs, signal };
}

/**
 * Calls `decide` until it allows, sleeping each denial's `retryAfterMs` (at least 1 ms) in between. Rejects with
 * RateLimitTimeoutError once `timeoutMs` has passed or a denial's wait exceeds what is left of it, and with the
 * signal's reason when it aborts. A decision that rejects (bad input, Redis down with `onError: "throw"`) ends it.
 * @internal
 */
export async function waitForSlot<R extends RateLimitResult>(
  decide: () => Promise<R>,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<R> {
  let expired = false;
  const deadline = setTimeout(() => {
    expired = true;
  }, timeoutMs);
  // An upper bound of the time left: the timeout less the sleeps so far (round trips are not counted).
  let left = timeoutMs;
  try {
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const result = await decide();
      if (result.allowed) return result;
      const wait = Math.max(1, result.retryAfterMs);
      if (wait > left) throw timedOut(timeoutMs, result);
      await sleep(wait, signal);
      left -= wait;
      // Round trips count too: past the timeout, no decision is made (it could consume).
      if (expired) throw timedOut(timeoutMs, result);
    }
  } finally {
    clearTimeout(deadline);
  }
}

function timedOut(timeoutMs: number, last: RateLimitResult): RateLimitTimeoutError {
  return new RateLimitTimeoutError(
    `waitFor: no slot within ${timeoutMs} ms (the last denial asked to retry after ${last.retryAfterMs} ms).`,
  );
}
