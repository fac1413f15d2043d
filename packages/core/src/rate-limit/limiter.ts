/** @module The configurable rate limiter returned by `pool.rateLimiter()`. */
import { type BeeRedisError, isBeeRedisError } from "../errors.js";
import { evalKnown, type KnownScript } from "../known-script.js";
import type { LitePool } from "../registry/lite-pool.js";
import type { RawReply } from "../transport.js";
import { DenyCache } from "./deny-cache.js";
import { decodeResult } from "./run.js";
import { RATE_SCRIPTS } from "./scripts.js";
import type { RateLimiterOptions, RateLimitOptions, RateLimitResult } from "./types.js";
import { checkCost, checkKey, type ResolvedRateLimiterOptions, resolveOptions } from "./validate.js";

/** Reply-error prefixes meaning "the server cannot serve right now", which `onError` answers like a lost connection. */
const UNAVAILABLE = new Set(["LOADING", "BUSY", "MASTERDOWN", "READONLY", "OOM", "CLUSTERDOWN", "TRYAGAIN"]);

/**
 * A rate limiter on one pool. Each `limit()` is one atomic Lua script (one round trip), timed by the server.
 * @example
 * const limiter = pool.rateLimiter({ limit: 100, window: "1m" });
 * const { allowed, retryAfterMs } = await limiter.limit(`api:${userId}`);
 */
export class RateLimiter {
  /** The options with every default applied. */
  readonly options: ResolvedRateLimiterOptions;
  private readonly script: KnownScript;
  private readonly limitArg: string;
  private readonly windowArg: string;
  private readonly cache: DenyCache | undefined;
  private readonly fallback: ((error: unknown) => RateLimitResult) | undefined;

  /**
   * Prefer `pool.rateLimiter(options)`.
   * @throws InvalidArgumentError for an unknown algorithm, a bad limit, window, prefix, localCache or onError.
   */
  constructor(
    private readonly pool: LitePool,
    options: RateLimiterOptions,
  ) {
    this.options = resolveOptions(options);
    this.script = RATE_SCRIPTS[this.options.algorithm];
    this.limitArg = String(this.options.limit);
    this.windowArg = String(this.options.windowUs);
    this.cache = this.options.localCacheKeys > 0 ? new DenyCache(this.options.localCacheKeys) : undefined;
    this.fallback = this.options.onError === "throw" ? undefined : (error) => this.answerFor(error);
  }

  /**
   * Decides whether a call for `key` may proceed, and consumes `cost` when it may. A denied call consumes nothing.
   * One EVALSHA; with `localCache`, a repeat denial may be answered locally instead. When Redis is unavailable,
   * resolves or rejects as `onError` says.
   * Rejects with InvalidArgumentError (before any round trip) for an empty key or a cost that is not an integer
   * from 0 to `limit`.
   * @example const { allowed, retryAfterMs } = await limiter.limit(`upload:${userId}`, { cost: 3 });
   */
  limit(key: string, options?: RateLimitOptions): Promise<RateLimitResult> {
    const cost = options?.cost === undefined ? 1 : options.cost;
    try {
      checkKey(key);
      checkCost(cost, this.options.limit);
    } catch (error) {
      return Promise.reject(error);
    }
    const cache = this.cache;
    if (cache !== undefined) {
      const local = cache.answer(key, cost, this.options.limit);
      if (local !== undefined) return Promise.resolve(local);
    }
    let decision = this.run(key, cost, "0");
    if (cache !== undefined) {
      decision = decision.then((result) => {
        cache.remember(key, cost, result);
        return result;
      });
    }
    return this.fallback === undefined ? decision : decision.catch(this.fallback);
  }

  /** Reports what `limit(key, options)` would answer now, without consuming or writing. Always asks Redis. */
  peek(key: string, options?: RateLimitOptions): Promise<RateLimitResult> {
    const cost = options?.cost === undefined ? 1 : options.cost;
    try {
      checkKey(key);
      checkCost(cost, this.options.limit);
    } catch (error) {
      return Promise.reject(error);
    }
    const decision = this.run(key, cost, "1");
    return this.fallback === undefined ? decision : decision.catch(this.fallback);
  }

  /** Clears `key` (in Redis and in the local deny cache); true when Redis held state for it. */
  async reset(key: string): Promise<boolean> {
    checkKey(key);
    this.cache?.delete(key);
    return Number(await this.pool.call("DEL", this.redisKey(key))) > 0;
  }

  /** The Redis key that holds `key`'s state: `${prefix}{${key}}`, hash-tagged for Cluster. */
  redisKey(key: string): string {
    return `${this.options.prefix}{${key}}`;
  }

  private run(key: string, cost: number, peek: "0" | "1"): Promise<RateLimitResult> {
    const costArg = cost === 1 ? "1" : String(cost);
    return evalKnown(
      this.pool,
      this.script,
      ["1", this.redisKey(key), this.limitArg, this.windowArg, costArg, peek],
      this.decode,
    );
  }

  private readonly decode = (reply: RawReply): RateLimitResult => decodeResult(reply, this.options.limit);

  /** The `onError` answer for an unavailable server; anything else rethrows. */
  private answerFor(error: unknown): RateLimitResult {
    if (!isUnavailable(error)) throw error;
    const allowed = this.options.onError === "allow";
    const wait = allowed ? 0 : Math.ceil(this.options.windowMs);
    return {
      allowed,
      limit: this.options.limit,
      remaining: 0,
      resetAfterMs: wait,
      retryAfterMs: wait,
      source: "on-error",
      error,
    };
  }
}

function isUnavailable(error: unknown): error is BeeRedisError {
  if (!isBeeRedisError(error)) return false;
  if (error.code === "TRANSPORT") return true;
  return error.code === "REPLY_ERROR" && "prefix" in error && UNAVAILABLE.has(error.prefix as string);
}
