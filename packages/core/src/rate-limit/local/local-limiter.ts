/** @module The insurance limiter: decides in this instance's memory while Redis is unavailable (`onError: "local"`). */
import { toResult } from "../reply.js";
import type { RateLimitAlgorithm, RateLimitResult } from "../types.js";
import type { LocalAlgorithm } from "./algorithm.js";
import { LOCAL_FIXED_WINDOW } from "./fixed-window.js";
import { LOCAL_GCRA } from "./gcra.js";
import { LOCAL_SLIDING_LOG } from "./sliding-log.js";
import { LOCAL_SLIDING_WINDOW } from "./sliding-window.js";

/** The most keys the insurance limiter keeps; past it the least recently used key is forgotten. */
export const DEFAULT_LOCAL_KEYS = 10_000;

const ALGORITHMS: Record<RateLimitAlgorithm, LocalAlgorithm<unknown>> = {
  "sliding-log": LOCAL_SLIDING_LOG as LocalAlgorithm<unknown>,
  gcra: LOCAL_GCRA as LocalAlgorithm<unknown>,
  "fixed-window": LOCAL_FIXED_WINDOW as LocalAlgorithm<unknown>,
  "sliding-window": LOCAL_SLIDING_WINDOW as LocalAlgorithm<unknown>,
};

interface Entry {
  readonly state: unknown;
  readonly expiresAtUs: number;
}

/** The local wall clock in µs; the insurance limiter's windows are timed by this instance alone. */
const localClockUs = (): number => Math.round((performance.timeOrigin + performance.now()) * 1000);

/**
 * The same algorithm as the limiter's scripts, with its own `limit`, in this instance's memory. Its guarantee
 * holds per instance: with `n` instances each allowing `localLimit`, up to `n · localLimit` pass in a window while
 * Redis is away, and what passed locally is not counted in Redis once it is back.
 * @internal
 */
export class LocalLimiter {
  private readonly keys = new Map<string, Entry>();
  private readonly algorithm: LocalAlgorithm<unknown>;

  constructor(
    algorithm: RateLimitAlgorithm,
    private readonly limit: number,
    private readonly windowUs: number,
    private readonly maxKeys = DEFAULT_LOCAL_KEYS,
    private readonly clockUs: () => number = localClockUs,
  ) {
    this.algorithm = ALGORITHMS[algorithm];
  }

  /** Decides for `key` in memory, consuming `cost` when allowed (never with `peek`). */
  decide(key: string, cost: number, peek: boolean): RateLimitResult {
    const nowUs = this.clockUs();
    const entry = this.keys.get(key);
    const stored = entry !== undefined && entry.expiresAtUs > nowUs ? entry.state : undefined;
    const { limit, windowUs } = this;
    const decision = this.algorithm.decide(stored, { limit, windowUs, cost, peek, nowUs });
    if (!peek) this.keep(key, decision.state, decision.expiresAtUs);
    const { serverTime: _, ...result } = toResult(decision.reply, limit);
    return { ...result, source: "local" };
  }

  /** Forgets `key` (after `limiter.reset(key)`). */
  delete(key: string): void {
    this.keys.delete(key);
  }

  private keep(key: string, state: unknown, expiresAtUs: number): void {
    this.keys.delete(key); // re-inserted last: the Map's order is least recently used first
    if (state === undefined) return;
    if (this.keys.size >= this.maxKeys) this.keys.delete(this.keys.keys().next().value as string);
    this.keys.set(key, { state, expiresAtUs });
  }
}
