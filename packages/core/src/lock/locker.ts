/** @module The Locker: distributed locks on one pool. */
import { type Duration, toPositiveMilliseconds } from "../duration.js";
import { InvalidArgumentError, LockTimeoutError } from "../errors.js";
import type { LitePool } from "../registry/lite-pool.js";
import { type AcquireLimits, acquireWithin } from "./deadline.js";
import { lockKeys, newToken, semaphoreKeys } from "./keys.js";
import { type AutoRefreshOptions, keepAliveIf } from "./lease.js";
import { Lock, type LockHandle } from "./lock.js";
import { forceRelease, inspect, type LockTarget, lockContest, remaining } from "./script-calls.js";
import type { LockInspection } from "./scripts.js";
import { Semaphore } from "./semaphore.js";
import {
  type CheckedAcquire,
  checkAcquire,
  checkHandle,
  checkHolding,
  checkKey,
  checkPermits,
  checkPrefix,
} from "./validate.js";
import type { WaitSettings } from "./wait.js";
import { runHolding } from "./with-lock.js";

/** Options of `pool.getLocker()`. */
export interface LockerOptions {
  /** The prefix inside each lock's hash tag: lock `"job"` lives at `{lock:job}` and `{lock:job}:*`. @default "lock" */
  prefix?: string;
  /**
   * How often a waiting `obtain()` proves it is alive: its longest block on TCP, its longest poll delay elsewhere.
   * A waiter silent for three heartbeats (it died) loses its place in the queue.
   * @default 1000 (1 s)
   */
  heartbeat?: Duration;
  /** A polling waiter's first delay; it doubles (with jitter) up to `heartbeat`. @default 10 (ms) */
  minRetryDelay?: Duration;
  /**
   * Wait by blocking on a wake-up (XREAD BLOCK, one dedicated connection per waiting `obtain()`) where the
   * transport can block. `false` polls instead, which uses no extra connections but hands off more slowly.
   * @default true
   */
  blocking?: boolean;
}

/** Options of {@link Locker.obtain}. */
export interface ObtainOptions extends AcquireLimits, AutoRefreshOptions {}

/** Options of {@link Locker.withLock}. */
export interface WithLockOptions extends AcquireLimits {
  /** The lock's ttl; while `fn` runs it is reset to this every `ttl / 3`. @default 10000 (10 s) */
  ttl?: Duration;
  /** How long to wait for the lock before rejecting with `LockTimeoutError`. @default 0 (one attempt) */
  wait?: Duration;
}

/**
 * Distributed locks on one pool: `pool.getLocker()`. Waiters are served in arrival order (FIFO among the live
 * ones); a release hands the lock straight to the next waiter, with a fencing token issued in the same script.
 * @example
 * const lock = await pool.getLocker().obtain("test_lock", Minute, 0); // Lock | null
 * if (lock) try { ... } finally { await lock.release(); }
 */
export class Locker {
  readonly #settings: WaitSettings;

  /** @throws InvalidArgumentError for a bad option. */
  constructor(
    /** The pool the locks live in. */
    readonly pool: LitePool,
    /** The options it was created with. */
    readonly options: LockerOptions = {},
  ) {
    const heartbeatMs = toPositiveMilliseconds(options.heartbeat ?? 1000, "heartbeat");
    const minRetryDelayMs = toPositiveMilliseconds(options.minRetryDelay ?? 10, "minRetryDelay");
    if (options.blocking !== undefined && typeof options.blocking !== "boolean")
      throw new InvalidArgumentError(`blocking must be a boolean, got ${String(options.blocking)}.`);
    this.#settings = {
      prefix: checkPrefix(options.prefix ?? "lock"),
      heartbeatMs: Math.ceil(heartbeatMs),
      minRetryDelayMs: Math.min(minRetryDelayMs, heartbeatMs),
      blocking: options.blocking ?? true,
    };
  }

  /**
   * Obtains lock `key` for `ttl`. With `waitTimeout` 0 it tries once; otherwise it waits its turn (FIFO) until
   * `waitTimeout` has passed, however short the ttl. With `autoRefresh` the lock is kept alive until `release()`,
   * and `lock.signal` aborts (and `onLost` is called) if it is lost anyway.
   * @returns the held {@link Lock}, or null when the lock stayed busy.
   * @throws InvalidArgumentError (as a rejection, before any round trip) for an empty key, a ttl that is not a
   * finite value > 0 or is a bare number under 1000 (write `"300ms"` for a short ttl), a wait that is negative
   * or not finite, or a bad option; the signal's reason when it aborts; LockTimeoutError once `timeout` passed.
   * @example await using lock = await locker.obtain("job", 5 * Second, 5 * Second);
   */
  async obtain(
    key: string,
    ttl: Duration,
    waitTimeout: Duration = 0,
    options: ObtainOptions = {},
  ): Promise<Lock | null> {
    const name = checkKey(key);
    const request = checkAcquire(ttl, waitTimeout, options);
    return keepAliveIf(await this.#obtain(name, request), request);
  }

  /**
   * Runs `fn(signal, lock)` holding lock `key`, refreshing it every `ttl / 3` while `fn` runs, and always releases
   * it. If a refresh finds the lock lost, or the ttl runs out before Redis confirms a refresh (Redis unreachable,
   * or this process paused past the ttl), `signal` aborts with `LockLostError`; `fn` should stop (for example by
   * throwing `signal.reason`). Resolves to what `fn` returns. `lock.fencingToken` is there for the resource: after
   * a pause, `fn` may run a few ms before its signal aborts.
   * @throws LockTimeoutError when the lock could not be obtained within `wait` or `timeout` (`fn` did not run);
   * InvalidArgumentError for bad input, before any round trip.
   * @example await locker.withLock("report", { ttl: "30s", wait: "10s" }, (signal, lock) => build(signal, lock.fencingToken));
   */
  async withLock<T>(
    key: string,
    options: WithLockOptions,
    fn: (signal: AbortSignal, lock: Lock) => T | Promise<T>,
  ): Promise<T> {
    const name = checkKey(key);
    const request = checkHolding(options, fn, "withLock");
    const lock = await this.#obtain(name, request);
    if (!lock) throw new LockTimeoutError(`Lock "${name}" was not obtained within ${request.waitMs} ms.`);
    return runHolding(lock, request.ttlMs, request.signal, fn);
  }

  /**
   * Takes over a lock obtained elsewhere (another request, another function) from its `lock.handle()`.
   * @returns a {@link Lock} that can refresh and release it, or null when that owner no longer holds it.
   * @throws InvalidArgumentError (as a rejection, before any round trip) for a value that is not a handle.
   * @example const lock = await locker.resume(job.lockHandle); if (lock) await lock.release();
   */
  async resume(handle: LockHandle): Promise<Lock | null> {
    const { key, token, fencingToken } = checkHandle(handle);
    const target = this.#target(key);
    const since = performance.now();
    if ((await remaining(target, token)) <= 0) return null;
    return new Lock(target, key, token, fencingToken, since);
  }

  /**
   * Lock `key`'s state without taking it: whether it is held, its ms left, the holder's fencing token, and how
   * many live waiters are queued. One round trip.
   * @example const { held, waiters } = await locker.inspect("nightly_job");
   */
  async inspect(key: string): Promise<LockInspection> {
    return inspect(this.#target(checkKey(key)));
  }

  /**
   * For operators: releases lock `key` whoever holds it, and hands it to the next live waiter. The former
   * holder's `refresh()` and `release()` then find it lost (false), and its auto-refresh reports the loss.
   * @returns whether the lock was held.
   */
  async forceRelease(key: string): Promise<boolean> {
    return forceRelease(this.#target(checkKey(key)));
  }

  /**
   * Semaphore `key` with `permits` permits: at most that many held at once, FIFO among waiters, a fencing token
   * per grant. Every user of one semaphore must give the same `permits`.
   * @throws InvalidArgumentError for an empty key or a permit count that is not a positive integer.
   * @example const uploads = locker.getSemaphore("uploads", 4);
   */
  getSemaphore(key: string, permits: number): Semaphore {
    const name = checkKey(key);
    const target = {
      pool: this.pool,
      keys: semaphoreKeys(this.#settings.prefix, name),
      permits: checkPermits(permits),
    };
    return new Semaphore(target, this.#settings, name);
  }

  /** One obtain, its timeout applied to the whole call. */
  async #obtain(key: string, request: CheckedAcquire): Promise<Lock | null> {
    const target = this.#target(key);
    const token = newToken();
    const turn = await acquireWithin(this.pool, this.#settings, `Lock "${key}"`, request, (plan) =>
      lockContest(target, token, request.ttlMs, plan),
    );
    return turn && new Lock(target, key, token, turn.fence, turn.heldSince);
  }

  #target(key: string): LockTarget {
    return { pool: this.pool, keys: lockKeys(this.#settings.prefix, key) };
  }
}
