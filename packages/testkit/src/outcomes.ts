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

/** A `TransportError` saying the pool refused without sending, because it knows the server is out of reach. */
function isRefusedUnsent(error: unknown): error is TransportError {
  return error instanceof TransportError && error.unreachable && !error.sent;
}

/**
 * Calls `call` (while the server is down) until the pool refuses it without sending: resolves to that
 * `TransportError`. Every failure on the way must be a `TransportError`; a call that resolves, or no refusal
 * within `attempts` calls, rejects.
 */
export async function untilRefusedUnsent(
  call: () => Promise<unknown>,
  attempts = 50,
): Promise<TransportError> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const error = await rejection(call());
    if (!(error instanceof TransportError)) throw error;
    if (isRefusedUnsent(error)) return error;
  }
  throw new Error(`the pool never refused a call as unsent in ${attempts} attempts`);
}

/**
 * Calls `call` `times` times in a row, each of which must be refused without sending (the pool knows the server
 * is down); resolves to the ms they took together.
 */
export async function timeRefusals(call: () => Promise<unknown>, times: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < times; i++) {
    const error = await rejection(call());
    if (!isRefusedUnsent(error)) throw new Error(`expected a refusal without sending, got ${String(error)}`);
  }
  return performance.now() - started;
}
