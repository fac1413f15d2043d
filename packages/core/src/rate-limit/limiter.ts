/** @module The configurable rate limiter returned by `pool.rateLimiter()`. */
import { command } from "../commands/command.js";
import { asCount } from "../commands/decode.js";
import type { Duration } from "../duration.js";
import { type BeeRedisError, isBeeRedisError, isReplyError } from "../errors.js";
import type { LitePool } from "../registry/lite-pool.js";
import { runScript, type Script } from "../script.js";
import { DecisionDeadlines } from "./deadline.js";
import { DenyCache } from "./deny-cache.js";
import { LocalLimiter } from "./local/local-limiter.js";
import { blockKey, blockMillis, checkRefund, REFUND, setBlock } from "./penalty.js";
import { type RateLimitScriptReply, toResult } from "./reply.js";
import { RATE_LIMIT_SCRIPTS } from "./scripts.js";
import { SLIDING_LOG_VERDICT } from "./sliding-log-verdict.js";
import type { RateLimiterOptions, RateLimitOptions, RateLimitResult } from "./types.js";
import { checkCost, checkKey, type ResolvedRateLimiterOptions, resolveOptions } from "./validate.js";
import { checkWaitOptions, type RateLimitWaitOptions, waitForSlot } from "./wait.js";

/** What `pool.rateLimit()` needs of a decision: whether it is allowed, who answered, and the error `onError` answered. @internal */
export type RateLimitVerdict = Pick<RateLimitResult, "allowed" | "source" | "error">;

/** The verdict script's answers, shared: a verdict allocates nothing of its own. */
const ALLOWED: RateLimitVerdict = Object.freeze({ allowed: true, source: "redis" });
const DENIED: RateLimitVerdict = Object.freeze({ allowed: false, source: "redis" });
const toVerdict = (allowed: boolean): RateLimitVerdict => (allowed ? ALLOWED : DENIED);

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
  private readonly script: Script<RateLimitScriptReply>;
  private readonly cache: DenyCache | undefined;
  /** The insurance limiter, with `onError: "local"`. */
  private readonly local: LocalLimiter | undefined;
  private readonly deadlines: DecisionDeadlines;

  /**
   * Prefer `pool.rateLimiter(options)`.
   * @throws InvalidArgumentError for an unknown algorithm, a bad limit, window, prefix, localCache or onError.
   */
  constructor(
    private readonly pool: LitePool,
    options: RateLimiterOptions,
  ) {
    this.options = resolveOptions(options);
    this.script = RATE_LIMIT_SCRIPTS[this.options.algorithm];
    this.cache = this.options.localCacheKeys > 0 ? new DenyCache(this.options.localCacheKeys) : undefined;
    const { onError, algorithm, localLimit, windowUs } = this.options;
    this.local = onError === "local" ? new LocalLimiter(algorithm, localLimit, windowUs) : undefined;
    this.deadlines = new DecisionDeadlines(this.options.timeoutMs, pool);
  }

  /**
   * Decides whether a call for `key` may proceed, and consumes `cost` when it may. A denied call consumes nothing.
   * One EVALSHA; with `localCache`, a repeat denial may be answered locally instead. When Redis is unavailable,
   * resolves or rejects as `onError` says.
   * Rejects with InvalidArgumentError (before any round trip) for an empty key or a cost that is not an integer
   * from 0 to `limit`.
   * @example const { allowed, retryAfterMs } = await limiter.limit(`upload:${userId}`, { cost: 3 });
   */
  async limit(key: string, options?: RateLimitOptions): Promise<RateLimitResult> {
    const cost = this.checked(key, options);
    const local = this.cache?.answer(key, cost, this.options.limit);
    if (local !== undefined) return local;
    try {
      const result = await this.decide(key, cost, false);
      this.cache?.remember(key, cost, result);
      return result;
    } catch (error) {
      return this.answerFor(error, key, cost, false);
    }
  }

  /**
   * `limit(key)` answering only whether the call is allowed: `pool.rateLimit()`'s decision, for the limiter it makes
   * (the sliding log, no local deny cache). It runs the sliding log's verdict script, which counts nothing: no ZCARD
   * and no reads for `remaining` or a reset (a fifth fewer Redis instructions, two fifths on a denial).
   * @internal
   */
  async verdict(key: string): Promise<RateLimitVerdict> {
    checkKey(key);
    const { limit, windowUs, prefix } = this.options;
    try {
      const keys = [this.redisKey(key), blockKey(prefix, key)];
      return await this.deadlines.watch(
        runScript(this.pool, SLIDING_LOG_VERDICT, keys, [limit, windowUs]),
        toVerdict,
      );
    } catch (error) {
      return this.answerFor(error, key, 1, false);
    }
  }

  /** Reports what `limit(key, options)` would answer now, without consuming or writing. Always asks Redis. */
  async peek(key: string, options?: RateLimitOptions): Promise<RateLimitResult> {
    const cost = this.checked(key, options);
    try {
      return await this.decide(key, cost, true);
    } catch (error) {
      return this.answerFor(error, key, cost, true);
    }
  }

  /**
   * Resolves once a call of `cost` is allowed (and consumed), sleeping each denial's `retryAfterMs` from the
   * server; rejects with RateLimitTimeoutError after `timeout` (default 10 s), or with the signal's reason.
   * @example await limiter.waitFor(`export:${userId}`, { timeout: "30s", signal: request.signal });
   */
  async waitFor(key: string, options?: RateLimitWaitOptions): Promise<RateLimitResult> {
    const { timeoutMs, signal } = checkWaitOptions(options);
    const decision = { cost: options?.cost };
    return waitForSlot(() => this.limit(key, decision), timeoutMs, signal);
  }

  /**
   * A penalty box: every decision for `key` is denied for `duration` (replacing a running block), with
   * `retryAfterMs` until it ends; `peek` shows it. `reset(key)` ends it early.
   * @example await limiter.block(`login:${email}`, "15m");
   */
  async block(key: string, duration: Duration): Promise<void> {
    checkKey(key);
    await setBlock(this.pool, blockKey(this.options.prefix, key), blockMillis(duration));
  }

  /**
   * Gives back `cost` (a positive integer) of a call that turned out not to count (the downstream failed), never
   * below empty. Atomic; resolves to how much was given back. The local deny cache forgets `key`.
   */
  async refund(key: string, cost: number): Promise<number> {
    checkKey(key);
    const { algorithm, limit, windowUs } = this.options;
    const args = [algorithm, limit, windowUs, checkRefund(cost)];
    this.cache?.delete(key);
    return runScript(this.pool, REFUND, [this.redisKey(key)], args);
  }

  /** Clears `key` and its block (in Redis and in the local deny cache); true when Redis held either. */
  async reset(key: string): Promise<boolean> {
    checkKey(key);
    this.cache?.delete(key);
    this.local?.delete(key);
    const keys = [this.redisKey(key), blockKey(this.options.prefix, key)];
    return (await this.pool.execute(command, [["DEL", ...keys], asCount])) > 0;
  }

  /** The Redis key that holds `key`'s state: `${prefix}{${key}}`, hash-tagged for Cluster. */
  redisKey(key: string): string {
    return `${this.options.prefix}{${key}}`;
  }

  /** The cost of a call, once its key and cost are checked. */
  private checked(key: string, options: RateLimitOptions | undefined): number {
    checkKey(key);
    return checkCost(options?.cost === undefined ? 1 : options.cost, this.options.limit);
  }

  /**
   * One decision of the script: KEYS the key's state and block, ARGV `limit, window (µs), cost, peek`; rejects with
   * a timed-out TransportError once the limiter's `timeout` passed.
   */
  private decide(key: string, cost: number, peek: boolean): Promise<RateLimitResult> {
    const { limit, windowUs } = this.options;
    const decision = runScript(
      this.pool,
      this.script,
      [this.redisKey(key), blockKey(this.options.prefix, key)],
      [limit, windowUs, cost, peek ? 1 : 0],
    );
    return this.deadlines.watch(decision, this.toResult);
  }

  /** A script reply as `limit()` reports it. Bound once: used as a callback. */
  private readonly toResult = (reply: RateLimitScriptReply): RateLimitResult =>
    toResult(reply, this.options.limit);

  /** The `onError` answer for an unavailable server; anything else (or with `onError: "throw"`) rethrows. */
  private answerFor(error: unknown, key: string, cost: number, peek: boolean): RateLimitResult {
    if (this.options.onError === "throw" || !isUnavailable(error)) throw error;
    if (this.local !== undefined) return { ...this.local.decide(key, cost, peek), error };
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

/** A lost or timed-out connection, or a server that says it cannot serve right now. @internal */
export function isUnavailable(error: unknown): error is BeeRedisError {
  if (isReplyError(error)) return UNAVAILABLE.has(error.prefix);
  return isBeeRedisError(error) && error.code === "TRANSPORT";
}
