/** @module The decision timeout: past it, a rate-limit decision follows `onError` instead of waiting on. */
import { TransportError } from "../errors.js";
import type { PoolConfig } from "../registry/pool-config.js";

/** The default decision timeout, in ms: short enough for a request path, long enough for a loaded Redis. */
export const DEFAULT_DECISION_TIMEOUT_MS = 1000;

/**
 * Settles like `decision`, or rejects with a timed-out `TransportError` once `timeoutMs` passed. The script may
 * still run on the server (its outcome is unknown), so the error is `sent` and `timedOut`.
 * @internal
 */
export function withDecisionDeadline<T>(
  decision: Promise<T>,
  timeoutMs: number,
  pool: PoolConfig,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const reason = `no rate limit decision within ${timeoutMs} ms`;
      reject(
        new TransportError(
          `Redis pool "${pool.getCode()}" (${pool.getAddress()}): ${reason} (the limiter's timeout). The decision follows onError; the script may still run.`,
          { timedOut: true, reason },
        ),
      );
    }, timeoutMs);
    decision.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
