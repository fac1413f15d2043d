import { Batch } from "../batch/batch.js";
import { runWatch, type WatchBody, type WatchOptions } from "../batch/watch.js";
import type { Key } from "../commands/command.js";
import type { ScanPage, ScoredMember } from "../commands/decode.js";
import type { HashEntry, HScanOptions } from "../commands/hash.js";
import type { CommandMethods } from "../commands/index.js";
import { installCommands } from "../commands/install.js";
import type { ScanOptions } from "../commands/key.js";
import type { SScanOptions } from "../commands/set.js";
import type { ZScanOptions } from "../commands/sorted-set.js";
import { openSubscription } from "../pubsub/open.js";
import type {
  PatternMessage,
  PubSubMessage,
  SubscribeOptions,
  Subscription,
} from "../pubsub/subscription.js";
import type { RateLimiter, RateLimiterOptions } from "../rate-limit/index.js";
import { MultiRateLimiter } from "../rate-limit/multi-limiter.js";
import type { MultiRateLimiterOptions } from "../rate-limit/multi-types.js";
import { LitePool } from "./lite-pool.js";
import type { PoolRuntime } from "./pool-runtime.js";

/**
 * A Redis data pool: every command as a method, plus pipelines, transactions, scripts, subscriptions, the rate
 * limiter and the locker.
 * Get one with `engine.getRedis(code)`.
 * @example await engine.getRedis().set("my-key", "some-value", 30);
 */
export interface RedisPool extends CommandMethods {}
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the command methods are installed on the prototype.
export class RedisPool extends LitePool {
  /** @internal */
  constructor(runtime: PoolRuntime) {
    super(runtime);
    installCommands(RedisPool.prototype, "execute");
  }

  /**
   * A configurable rate limiter (algorithm, cost, peek, reset, block, refund, waitFor, local deny cache) on this
   * pool; with `limits`, several limits (on one key or across keys) decided together in one round trip.
   * @example pool.rateLimiter({ limits: [{ window: "1s", limit: 10 }, { window: "1m", limit: 100 }] })
   */
  override rateLimiter(options: RateLimiterOptions): RateLimiter;
  override rateLimiter<K extends string = never>(options: MultiRateLimiterOptions<K>): MultiRateLimiter<K>;
  override rateLimiter(
    options: RateLimiterOptions | MultiRateLimiterOptions<string>,
  ): RateLimiter | MultiRateLimiter<string> {
    return typeof options === "object" && options !== null && "limits" in options
      ? new MultiRateLimiter(this, options)
      : super.rateLimiter(options as RateLimiterOptions);
  }

  /** A non-atomic batch sent in one round trip by `exec()`. */
  override pipeline(): Batch {
    return new Batch(this.runtime, false);
  }

  /** A MULTI/EXEC transaction sent in one round trip by `exec()`; all or nothing. */
  override multi(): Batch {
    return new Batch(this.runtime, true);
  }

  /**
   * An optimistic transaction: watches `keys` on a dedicated connection, runs `fn` (read through `tx`, record
   * the writes with `tx.multi()` and return them), then commits them with MULTI/EXEC. When a watched key changed
   * meanwhile, EXEC is aborted and `fn` runs again, up to `maxAttempts` (default 10) times; then it rejects with
   * `WatchConflictError`. `fn` should have no side effects besides reads through `tx`, since it may run again.
   * @returns each queued command's result (or the error it got), or `null` when `fn` returned nothing to write.
   * @throws UnsupportedError on a transport without dedicated connections (HTTP).
   * @example
   * const [balance] = await pool.watch("balance", async (tx) => {
   *   const current = Number(await tx.get("balance"));
   *   return tx.multi().incrby("balance", current < 100 ? 10 : 0);
   * }) ?? [];
   */
  watch<T extends unknown[]>(
    keys: Key | readonly Key[],
    fn: WatchBody<T>,
    options?: WatchOptions,
  ): Promise<T | null> {
    return runWatch(this.runtime, keys, fn, options);
  }

  /**
   * Subscribes to channels on a dedicated connection. Iterate the result with `for await`; breaking out of the
   * loop unsubscribes and closes the connection. It subscribes at once: await `ready` before publishing when
   * the first messages matter. Pass `(channels[], { bytes: true })` for messages as bytes.
   * @throws UnsupportedError (through `ready` and the iterator) on a transport without pub/sub (HTTP).
   * @example for await (const { channel, message } of pool.subscribe("news", "alerts")) { ... }
   */
  subscribe(...channels: Key[]): Subscription<PubSubMessage>;
  subscribe(
    channels: readonly Key[],
    options: SubscribeOptions & { bytes: true },
  ): Subscription<PubSubMessage<Uint8Array>>;
  subscribe(channels: readonly Key[], options?: SubscribeOptions): Subscription<PubSubMessage>;
  subscribe(...args: unknown[]): Subscription<PubSubMessage<string | Uint8Array>> {
    return openSubscription(this.runtime, "channel", args);
  }

  /**
   * Subscribes to glob-style channel patterns (`"news.*"`), like {@link subscribe}; each message also has the
   * `pattern` that matched.
   */
  psubscribe(...patterns: string[]): Subscription<PatternMessage>;
  psubscribe(
    patterns: readonly string[],
    options: SubscribeOptions & { bytes: true },
  ): Subscription<PatternMessage<Uint8Array>>;
  psubscribe(patterns: readonly string[], options?: SubscribeOptions): Subscription<PatternMessage>;
  psubscribe(...args: unknown[]): Subscription<PatternMessage<string | Uint8Array>> {
    return openSubscription(this.runtime, "pattern", args) as Subscription<
      PatternMessage<string | Uint8Array>
    >;
  }

  /** Subscribes to shard channels (Redis 7 sharded pub/sub, see `spublish`), like {@link subscribe}. */
  ssubscribe(...shardChannels: Key[]): Subscription<PubSubMessage>;
  ssubscribe(
    shardChannels: readonly Key[],
    options: SubscribeOptions & { bytes: true },
  ): Subscription<PubSubMessage<Uint8Array>>;
  ssubscribe(shardChannels: readonly Key[], options?: SubscribeOptions): Subscription<PubSubMessage>;
  ssubscribe(...args: unknown[]): Subscription<PubSubMessage<string | Uint8Array>> {
    return openSubscription(this.runtime, "shard", args);
  }

  /** Every key of the database, page by page with SCAN (safe on large databases). */
  scanIterator(options: ScanOptions = {}): AsyncGenerator<string, void, undefined> {
    return pages((cursor) => this.scan(cursor, options));
  }

  /** Every `[field, value]` of a hash, page by page with HSCAN. */
  hscanIterator(key: Key, options: HScanOptions = {}): AsyncGenerator<HashEntry, void, undefined> {
    return pages((cursor) => this.hscan(key, cursor, options));
  }

  /** Every member of a set, page by page with SSCAN. */
  sscanIterator(key: Key, options: SScanOptions = {}): AsyncGenerator<string, void, undefined> {
    return pages((cursor) => this.sscan(key, cursor, options));
  }

  /** Every member of a sorted set with its score, page by page with ZSCAN. */
  zscanIterator(key: Key, options: ZScanOptions = {}): AsyncGenerator<ScoredMember, void, undefined> {
    return pages((cursor) => this.zscan(key, cursor, options));
  }
}

/** Follows a SCAN-family cursor until the server says the iteration is complete. */
async function* pages<T>(page: (cursor: string) => Promise<ScanPage<T>>): AsyncGenerator<T, void, undefined> {
  let cursor = "0";
  do {
    const next = await page(cursor);
    cursor = next.cursor;
    yield* next.items;
  } while (cursor !== "0");
}
