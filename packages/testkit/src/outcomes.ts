/** @module Helpers for fault tests: what a call settled with, retrying through an outage, stray rejections. */
import { TransportError } from "@beeredis/core";

/** Resolves to the error `promise` rejected with; rejects when it resolved instead. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

/**
 * Calls `probe` until it resolves, while the system recovers from a fault. Every failure on the way must be a
 * `TransportError` (anything else is rethrown at once); the last one is rethrown after `withinMs`.
 */
export async function eventually<T>(probe: () => Promise<T>, withinMs = 8000): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (!(error instanceof TransportError) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Records the process' unhandled rejections from `start()` to `stop()`; a fault test expects `reasons` empty. */
export function unhandledRejections(): { readonly reasons: unknown[]; start(): void; stop(): void } {
  const reasons: unknown[] = [];
  const record = (reason: unknown) => reasons.push(reason);
  return {
    reasons,
    start: () => process.on("unhandledRejection", record),
    stop: () => process.off("unhandledRejection", record),
  };
}
