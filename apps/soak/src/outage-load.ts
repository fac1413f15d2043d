/**
 * @module Steady rate-limit load through an outage: every decision is recorded with when it started, how long it
 * took and who made it (Redis, the insurance limiter, or `onError`), so the figures below come from what the
 * callers saw.
 */
import type { RateLimiter, RateLimitResult, RateLimitSource, TransportError } from "@beeredis/core";
import { sleep } from "./sleep.js";

/** One decision as its caller saw it. */
export interface Decision {
  /** `performance.now()` when it was asked. */
  readonly startedAt: number;
  readonly latencyMs: number;
  readonly source: RateLimitSource | "rejected";
  readonly allowed: boolean;
  /** The pool already knew Redis was out of reach: it refused without sending. */
  readonly failedFast: boolean;
}

/** Runs `loops` loops of decisions on `limiter` (one every `pauseMs` each) until `signal` aborts. */
export async function steadyDecisions(
  limiter: RateLimiter,
  loops: number,
  pauseMs: number,
  signal: AbortSignal,
): Promise<Decision[]> {
  const decisions: Decision[] = [];
  const loop = async (n: number) => {
    for (let i = 0; !signal.aborted; i++) {
      const startedAt = performance.now();
      let result: RateLimitResult | undefined;
      try {
        // Every other call on one hot key (it reaches its limits), the rest spread over cold keys.
        result = await limiter.limit(i % 2 === 0 ? "hot" : `user:${n}:${i % 20}`);
      } catch {
        // onError "local" answers for an unavailable Redis; anything else is a bug the test reports
      }
      const error = result?.error as TransportError | undefined;
      decisions.push({
        startedAt,
        latencyMs: performance.now() - startedAt,
        source: result?.source ?? "rejected",
        allowed: result?.allowed ?? false,
        failedFast: error?.unreachable === true && error.sent === false,
      });
      await sleep(pauseMs);
    }
  };
  await Promise.all(Array.from({ length: loops }, (_, n) => loop(n)));
  return decisions;
}

/** The value below which `q` (0..1) of `values` fall. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}
