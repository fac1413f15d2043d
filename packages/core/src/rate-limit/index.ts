/** @module Rate limiting. (Being implemented: see issue 4.) */
import type { Duration } from "../duration.js";
import type { RedisPool } from "../registry/pool.js";

/** Options of `pool.rateLimiter()`. */
export interface RateLimiterOptions {
  limit: number;
  window: Duration;
}

/** A configured rate limiter. */
export class RateLimiter {
  constructor(
    readonly pool: RedisPool,
    readonly options: RateLimiterOptions,
  ) {}
}

/** `pool.rateLimit(key, window, limit)`. */
export function rateLimit(
  _pool: RedisPool,
  _key: string,
  _window: Duration,
  _limit: number,
): Promise<boolean> {
  throw new Error("not implemented yet");
}
