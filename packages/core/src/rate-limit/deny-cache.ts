/** @module The local deny cache: answers repeat calls for a key Redis just denied, without a round trip. */
import type { RateLimitResult } from "./types.js";

interface Denial {
  /** Local clock (ms) from which the key may pass again for `cost`. */
  readonly retryAt: number;
  /** Local clock (ms) at which the key is back to `limit` remaining. */
  readonly resetAt: number;
  /** The cost Redis denied: a smaller cost may pass sooner, so it still goes to Redis. */
  readonly cost: number;
}

/**
 * A bounded map of key → denial, timed by the local monotonic clock (only the cache's own expiry uses it; every
 * decision is made on server time). When full, the oldest denial is evicted first.
 * @internal
 */
export class DenyCache {
  private readonly denials = new Map<string, Denial>();

  /**
   * @param maxKeys the most keys kept.
   * @param clock the local monotonic clock in ms (tests pass a fake one).
   */
  constructor(
    readonly maxKeys: number,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** How many keys are cached (expired ones included until they are looked up or evicted). */
  get size(): number {
    return this.denials.size;
  }

  /** A local denial for `key` at `cost`, or `undefined` when Redis must decide. */
  answer(key: string, cost: number, limit: number): RateLimitResult | undefined {
    const denial = this.denials.get(key);
    if (denial === undefined || cost < denial.cost) return undefined;
    const now = this.clock();
    if (now >= denial.retryAt) {
      this.denials.delete(key);
      return undefined;
    }
    return {
      allowed: false,
      limit,
      remaining: 0,
      resetAfterMs: Math.max(0, Math.ceil(denial.resetAt - now)),
      retryAfterMs: Math.ceil(denial.retryAt - now),
      source: "local-cache",
    };
  }

  /** Records a denial Redis gave for `key` at `cost`, from now until its `retryAfterMs` passes. */
  remember(key: string, cost: number, result: RateLimitResult): void {
    if (result.allowed || result.retryAfterMs <= 0) return;
    const now = this.clock();
    if (!this.denials.delete(key) && this.denials.size >= this.maxKeys) this.evictOldest();
    this.denials.set(key, { retryAt: now + result.retryAfterMs, resetAt: now + result.resetAfterMs, cost });
  }

  /** Forgets `key` (after `limiter.reset(key)`). */
  delete(key: string): void {
    this.denials.delete(key);
  }

  private evictOldest(): void {
    const oldest = this.denials.keys().next();
    if (!oldest.done) this.denials.delete(oldest.value);
  }
}
