/** @module A rate limiter that reports each decision to the registry's `onDecision` listeners. */

import { RateLimiter, type RateLimitVerdict } from "../rate-limit/limiter.js";
import type { RateLimiterOptions, RateLimitOptions, RateLimitResult } from "../rate-limit/types.js";
import type { LitePool } from "../registry/lite-pool.js";
import { type DecisionEvent, emit, type HookListener, now } from "./hooks.js";

/** `pool.rateLimiter()` when the registry has `onDecision` listeners. @internal */
export class ObservedRateLimiter extends RateLimiter {
  readonly #pool: string;
  readonly #listeners: readonly HookListener<DecisionEvent>[];

  constructor(
    pool: LitePool,
    options: RateLimiterOptions,
    listeners: readonly HookListener<DecisionEvent>[],
  ) {
    super(pool, options);
    this.#pool = pool.getPoolConfig().getCode();
    this.#listeners = listeners;
  }

  override limit(key: string, options?: RateLimitOptions): Promise<RateLimitResult> {
    return this.observe("limit", () => super.limit(key, options));
  }

  override peek(key: string, options?: RateLimitOptions): Promise<RateLimitResult> {
    return this.observe("peek", () => super.peek(key, options));
  }

  override verdict(key: string): Promise<RateLimitVerdict> {
    return this.observe("limit", () => super.verdict(key));
  }

  private async observe<T extends RateLimitVerdict>(
    action: DecisionEvent["action"],
    decide: () => Promise<T>,
  ): Promise<T> {
    const start = now();
    const pool = this.#pool;
    const algorithm = this.options.algorithm;
    try {
      const result = await decide();
      const { allowed, source } = result;
      emit(this.#listeners, {
        pool,
        algorithm,
        action,
        allowed,
        source,
        ms: now() - start,
        error: result.error,
      });
      return result;
    } catch (error) {
      emit(this.#listeners, { pool, algorithm, action, ms: now() - start, error });
      throw error;
    }
  }
}
