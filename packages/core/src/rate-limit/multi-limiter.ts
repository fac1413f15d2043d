/** @module The multi-limit rate limiter returned by `pool.rateLimiter({ limits })`. */
import { command } from "../commands/command.js";
import { asCount } from "../commands/decode.js";
import type { Duration } from "../duration.js";
import { InvalidArgumentError } from "../errors.js";
import type { LitePool } from "../registry/lite-pool.js";
import { runScript } from "../script.js";
import { DecisionDeadlines } from "./deadline.js";
import { isUnavailable } from "./limiter.js";
import {
  checkOneSlot,
  decisionKeys,
  type ResolvedMultiRateLimiterOptions,
  resolveMultiOptions,
} from "./multi-options.js";
import { MULTI_LIMIT, type MultiLimitReply } from "./multi-script.js";
import type {
  MultiRateLimiterOptions,
  MultiRateLimitKey,
  MultiRateLimitOptions,
  MultiRateLimitResult,
} from "./multi-types.js";
import { blockKey, blockMillis, checkRefund, REFUND, setBlock } from "./penalty.js";
import { checkCost, checkKey, checkLimit } from "./validate.js";
import { checkWaitOptions, type RateLimitWaitOptions, waitForSlot } from "./wait.js";

/**
 * Several sliding-log limits decided together, on one key or across keys, in one atomic script (one round trip):
 * a call is allowed only when every limit allows, and then every limit is charged; a denial charges nothing.
 * @example
 * const limiter = pool.rateLimiter({ limits: [{ window: "1s", limit: 10 }, { window: "1m", limit: 100 }] });
 * const { allowed, deniedBy, retryAfterMs } = await limiter.limit(`api:${userId}`);
 */
export class MultiRateLimiter<K extends string = never> {
  /** The options with every default applied. */
  readonly options: ResolvedMultiRateLimiterOptions;
  private readonly deadlines: DecisionDeadlines;

  /**
   * Prefer `pool.rateLimiter({ limits })`.
   * @throws InvalidArgumentError for bad limits (window, limit, names, keys), prefix, dynamicLimits, onError or
   * timeout.
   */
  constructor(
    private readonly pool: LitePool,
    options: MultiRateLimiterOptions<K>,
  ) {
    this.options = resolveMultiOptions(options as MultiRateLimiterOptions<string>);
    this.deadlines = new DecisionDeadlines(this.options.timeoutMs, pool);
  }

  /**
   * Decides a call for `key` (a record of keys when the limits name them) and charges `cost` to every limit when
   * all allow. Rejects with InvalidArgumentError before any round trip for a missing or empty key, or a cost that
   * is not an integer from 0 to the smallest limit; with UnsupportedError on Redis Cluster when the keys do not
   * share a hash tag.
   * @example const { allowed, deniedBy } = await limiter.limit({ user: `u:${userId}`, ip });
   */
  async limit(key: MultiRateLimitKey<K>, options?: MultiRateLimitOptions): Promise<MultiRateLimitResult> {
    return this.decide(key, options, false);
  }

  /** Reports what `limit(key, options)` would answer now, without charging or writing. */
  async peek(key: MultiRateLimitKey<K>, options?: MultiRateLimitOptions): Promise<MultiRateLimitResult> {
    return this.decide(key, options, true);
  }

  /**
   * Resolves once a call of `cost` is allowed (and charged), sleeping each denial's `retryAfterMs` from the
   * server; rejects with RateLimitTimeoutError after `timeout` (default 10 s), or with the signal's reason.
   * @example await limiter.waitFor(`export:${userId}`, { timeout: "30s", signal: request.signal });
   */
  async waitFor(
    key: MultiRateLimitKey<K>,
    options?: RateLimitWaitOptions & MultiRateLimitOptions,
  ): Promise<MultiRateLimitResult> {
    const { timeoutMs, signal } = checkWaitOptions(options);
    const decision = { cost: options?.cost, tier: options?.tier };
    return waitForSlot(() => this.limit(key, decision), timeoutMs, signal);
  }

  /**
   * A penalty box: every decision that counts `key` is denied for `duration` (replacing a running block), with
   * `retryAfterMs` until it ends; `peek` shows it. `reset(key)` ends it early.
   * @example await limiter.block(`ip:${ip}`, "15m");
   */
  async block(key: string, duration: Duration): Promise<void> {
    checkKey(key);
    await setBlock(this.pool, blockKey(this.options.prefix, key), blockMillis(duration));
  }

  /**
   * Gives back `cost` (a positive integer) to every limit of a call that turned out not to count: its newest
   * entries leave each key's log. Atomic; resolves to how much every key got back (less when a key held less).
   */
  async refund(key: MultiRateLimitKey<K>, cost: number): Promise<number> {
    const { keys } = decisionKeys(this.options, key);
    const logs = keys.map((k) => this.redisKey(k));
    checkOneSlot(this.pool.getCapabilities().cluster, logs);
    return runScript(this.pool, REFUND, logs, ["sliding-log", 0, 0, checkRefund(cost)]);
  }

  /** Clears `key`'s log and its block; true when Redis held either. Dynamic limits stay. */
  async reset(key: string): Promise<boolean> {
    checkKey(key);
    const keys = [this.redisKey(key), blockKey(this.options.prefix, key)];
    return (await this.pool.execute(command, [["DEL", ...keys], asCount])) > 0;
  }

  /**
   * With `dynamicLimits`: sets the limit named `name` (the only one by default) for a key or a tier, read by every
   * decision from then on, in every process; `null` removes it (the configured limit applies again).
   * @example await limiter.setLimit("tier:pro", 1000, { name: "1m" });
   */
  async setLimit(target: string, limit: number | null, options?: { name?: string }): Promise<void> {
    if (!this.options.dynamicLimits) {
      throw new InvalidArgumentError("rate limiter setLimit: create the limiter with `dynamicLimits: true`.");
    }
    checkKey(target);
    const name = this.ruleName(options?.name);
    const hash = this.limitsKey(target);
    const argv = limit === null ? ["HDEL", hash, name] : ["HSET", hash, name, checkLimit(limit)];
    await this.pool.execute(command, [argv, asCount]);
  }

  /** The Redis key of `key`'s log: `${prefix}{${key}}`, hash-tagged for Cluster. */
  redisKey(key: string): string {
    return `${this.options.prefix}{${key}}`;
  }

  private limitsKey(target: string): string {
    return `${this.options.prefix}limits:{${target}}`;
  }

  private ruleName(name: unknown): string {
    const { rules } = this.options;
    if (name === undefined && rules.length === 1) return rules[0]!.name;
    if (typeof name !== "string" || !rules.some((rule) => rule.name === name)) {
      throw new InvalidArgumentError(
        `rate limiter setLimit: name must be one of ${rules.map((rule) => JSON.stringify(rule.name)).join(", ")}.`,
      );
    }
    return name;
  }

  private async decide(
    key: unknown,
    options: MultiRateLimitOptions | undefined,
    peek: boolean,
  ): Promise<MultiRateLimitResult> {
    const { rules, prefix, dynamicLimits } = this.options;
    const { keys, keyOfRule } = decisionKeys(this.options, key);
    const cost = checkCost(options?.cost ?? 1, Math.min(...rules.map((rule) => rule.limit)));
    const tier = options?.tier;
    if (tier !== undefined && (!dynamicLimits || typeof tier !== "string" || tier === "")) {
      throw new InvalidArgumentError(
        "rate limiter tier: needs `dynamicLimits: true` and a non-empty string.",
      );
    }
    const redisKeys = [...keys.map((k) => this.redisKey(k)), ...keys.map((k) => blockKey(prefix, k))];
    if (dynamicLimits) redisKeys.push(...keys.map((k) => this.limitsKey(k)));
    if (tier !== undefined) redisKeys.push(this.limitsKey(tier));
    checkOneSlot(this.pool.getCapabilities().cluster, redisKeys);
    const dynamic = tier !== undefined ? 2 : dynamicLimits ? 1 : 0;
    const argv: (string | number)[] = [cost, peek ? 1 : 0, keys.length, rules.length, dynamic];
    for (const [i, rule] of rules.entries())
      argv.push(keyOfRule[i]! + 1, rule.windowUs, rule.limit, rule.name);
    try {
      const decision = runScript(this.pool, MULTI_LIMIT, redisKeys, argv);
      return await this.deadlines.watch(decision, (reply) => this.toResult(reply, keys, keyOfRule));
    } catch (error) {
      return this.answerFor(error);
    }
  }

  private toResult(reply: MultiLimitReply, keys: string[], keyOfRule: number[]): MultiRateLimitResult {
    const limits = reply.limits.map(([limit, remaining, resetUs, retryUs], i) => ({
      name: this.options.rules[i]!.name,
      key: keys[keyOfRule[i]!]!,
      allowed: retryUs === 0,
      limit,
      remaining,
      resetAfterMs: Math.ceil(resetUs / 1000),
      retryAfterMs: Math.ceil(retryUs / 1000),
    }));
    const tightest = limits.reduce((a, b) => (b.remaining < a.remaining ? b : a));
    const denying = limits.filter((rule) => !rule.allowed);
    const longest = denying.reduce<(typeof limits)[number] | undefined>(
      (a, b) => (a === undefined || b.retryAfterMs > a.retryAfterMs ? b : a),
      undefined,
    );
    const blockedMs = Math.ceil(reply.blockedUs / 1000);
    const result: MultiRateLimitResult = {
      allowed: reply.allowed,
      limit: tightest.limit,
      remaining: reply.blockedKey >= 0 ? 0 : tightest.remaining,
      resetAfterMs: Math.max(blockedMs, ...limits.map((rule) => rule.resetAfterMs)),
      retryAfterMs: reply.allowed ? 0 : Math.max(blockedMs, longest?.retryAfterMs ?? 0),
      serverTime: reply.serverTimeUs / 1000,
      source: "redis",
      limits,
    };
    if (longest !== undefined) result.deniedBy = longest.name;
    if (reply.blockedKey >= 0) result.blockedKey = keys[reply.blockedKey];
    return result;
  }

  /** The `onError` answer for an unavailable server; anything else (or with `onError: "throw"`) rethrows. */
  private answerFor(error: unknown): MultiRateLimitResult {
    if (this.options.onError === "throw" || !isUnavailable(error)) throw error;
    const allowed = this.options.onError === "allow";
    const rule = this.options.rules.reduce((a, b) => (b.windowUs > a.windowUs ? b : a));
    const wait = allowed ? 0 : Math.ceil(rule.windowUs / 1000);
    return {
      allowed,
      limit: rule.limit,
      remaining: 0,
      resetAfterMs: wait,
      retryAfterMs: wait,
      source: "on-error",
      error,
      limits: [],
    };
  }
}
