/** @module Semaphores: up to `permits` holders at once, FIFO, fenced, on the locker's machinery. */

import { describe } from "../commands/command.js";
import type { Duration } from "../duration.js";
import { InvalidArgumentError, LockTimeoutError } from "../errors.js";
import { type AcquireLimits, acquireWithin } from "./deadline.js";
import { newToken } from "./keys.js";
import { type AutoRefreshOptions, bindCalls, keepAliveIf, Lease } from "./lease.js";
import type { LockHandle } from "./lock.js";
import {
  inspectSemaphore,
  permitsRemaining,
  refreshPermits,
  releasePermits,
  type SemaphoreInspection,
  type SemaphoreTarget,
  semaphoreContest,
} from "./semaphore-scripts.js";
import { type CheckedAcquire, checkAcquire, checkHandle, checkHolding } from "./validate.js";
import type { WaitSettings } from "./wait.js";
import { runHolding } from "./with-lock.js";

/** Options of {@link Semaphore.acquire}. */
export interface AcquireOptions extends AcquireLimits, AutoRefreshOptions {
  /** How many permits to take at once, all or none. @default 1 */
  count?: number;
}

/** Options of {@link Semaphore.withSemaphore}. */
export interface WithSemaphoreOptions extends AcquireLimits {
  /** The permits' ttl; while `fn` runs it is reset to this every `ttl / 3`. @default 10000 (10 s) */
  ttl?: Duration;
  /** How long to wait for the permits before rejecting with `LockTimeoutError`. @default 0 (one attempt) */
  wait?: Duration;
  /** How many permits to take at once. @default 1 */
  count?: number;
}

/**
 * Permits as a small serialisable value, from `permit.handle()`, for `semaphore.resume()` in another invocation.
 * Like a {@link LockHandle}, it is a capability: whoever has it can refresh and release the permits.
 */
export interface PermitHandle extends LockHandle {
  /** How many permits the grant holds. */
  readonly count: number;
}

/**
 * Permits of a semaphore this process holds, from `semaphore.acquire()` (or `semaphore.resume()`): `count` of
 * them, with one fencing token for the grant. Refresh, release and `ttl()` check ownership atomically, as a
 * `Lock`'s do.
 */
export class Permit extends Lease {
  /** @internal Permits come from `semaphore.acquire()`. */
  constructor(
    target: SemaphoreTarget,
    key: string,
    token: string,
    fencingToken: number,
    heldSince: number,
    /** How many permits this grant holds. */
    readonly count: number,
  ) {
    const calls = { refresh: refreshPermits, remaining: permitsRemaining, release: releasePermits };
    super(bindCalls(target, calls), key, token, fencingToken, heldSince);
  }

  /** @internal */
  get label(): string {
    return `Semaphore "${this.key}"`;
  }

  /**
   * These permits as a plain JSON-serialisable value, so another invocation can take them over with
   * `semaphore.resume(handle)`. Store it where only the owner can read it, never in a URL or a log.
   * @example await jobs.save({ permit: permit.handle() });
   */
  handle(): PermitHandle {
    return { key: this.key, token: this.token, fencingToken: this.fencingToken, count: this.count };
  }
}

/**
 * A distributed semaphore, `locker.getSemaphore(key, permits)`: at most `permits` permits held at once, across
 * processes. Waiters are served strictly in arrival order (a waiter for 3 permits is not starved by a stream of
 * 1-permit requests); a release grants the next waiters in the same script and wakes them. A holder that crashes
 * gives its permits back when their ttl runs out.
 * @example
 * const uploads = pool.getLocker().getSemaphore("uploads", 4);
 * await using permit = await uploads.acquire("30s", "10s");
 * if (permit) await upload(file, { fence: permit.fencingToken });
 */
export class Semaphore {
  readonly #target: SemaphoreTarget;
  readonly #settings: WaitSettings;

  /** @internal Semaphores come from `locker.getSemaphore()`. */
  constructor(
    target: SemaphoreTarget,
    settings: WaitSettings,
    /** The semaphore's name. */
    readonly key: string,
  ) {
    this.#target = target;
    this.#settings = settings;
  }

  /** How many permits it has in all. */
  get permits(): number {
    return this.#target.permits;
  }

  /**
   * Takes `count` permits (default 1) for `ttl`: one try when `waitTimeout` is 0, otherwise waiting its turn
   * (FIFO) until `waitTimeout` has passed. With `autoRefresh` the permits are kept alive until `release()`.
   * @returns the held {@link Permit}, or null when not enough permits came free in time.
   * @throws InvalidArgumentError (as a rejection, before any round trip) for a bad ttl (a bare number under 1000
   * among them: write `"300ms"`), wait, count (an integer from 1 to `permits`) or option; the signal's reason
   * when it aborts; LockTimeoutError once `timeout` passed.
   * @example const permit = await semaphore.acquire("30s", "5s", { count: 2 });
   */
  async acquire(
    ttl: Duration,
    waitTimeout: Duration = 0,
    options: AcquireOptions = {},
  ): Promise<Permit | null> {
    const request = checkAcquire(ttl, waitTimeout, options);
    const count = this.#checkCount(options?.count);
    return keepAliveIf(await this.#acquire(request, count), request);
  }

  /**
   * Runs `fn(signal, permit)` holding `count` permits, refreshing them every `ttl / 3`, and always releases them.
   * If they are lost, `signal` aborts with `LockLostError`, as in `withLock`.
   * @throws LockTimeoutError when the permits could not be taken within `wait` or `timeout` (`fn` did not run);
   * InvalidArgumentError for bad input, before any round trip.
   * @example await uploads.withSemaphore({ ttl: "30s", wait: "1m" }, (signal) => upload(file, signal));
   */
  async withSemaphore<T>(
    options: WithSemaphoreOptions,
    fn: (signal: AbortSignal, permit: Permit) => T | Promise<T>,
  ): Promise<T> {
    const request = checkHolding(options, fn, "withSemaphore");
    const count = this.#checkCount(options?.count);
    const permit = await this.#acquire(request, count);
    if (!permit) {
      const what = `Semaphore "${this.key}": ${count} permit(s)`;
      throw new LockTimeoutError(`${what} not obtained within ${request.waitMs} ms.`);
    }
    return runHolding(permit, request.ttlMs, request.signal, fn);
  }

  /**
   * Takes over permits acquired elsewhere (another request, another function) from their `permit.handle()`.
   * @returns a {@link Permit} that can refresh and release them, or null when that owner no longer holds them.
   * @throws InvalidArgumentError (as a rejection, before any round trip) for a value that is not a handle, or a
   * handle of another semaphore.
   * @example const permit = await uploads.resume(job.permitHandle); if (permit) await permit.release();
   */
  async resume(handle: PermitHandle): Promise<Permit | null> {
    const { key, token, fencingToken } = checkHandle(handle, "permit.handle()");
    const count = this.#checkCount(handle.count ?? null, "a handle's count");
    if (key !== this.key) {
      throw new InvalidArgumentError(`The handle is for semaphore "${key}", not "${this.key}".`);
    }
    const since = performance.now();
    if ((await permitsRemaining(this.#target, token)) <= 0) return null;
    return new Permit(this.#target, key, token, fencingToken, since, count);
  }

  /**
   * The semaphore's state without taking a permit: permits held and available, grants, live waiters and the last
   * fencing token. One round trip, writing nothing.
   * @example const { available, waiters } = await uploads.inspect();
   */
  async inspect(): Promise<SemaphoreInspection> {
    return inspectSemaphore(this.#target);
  }

  async #acquire(request: CheckedAcquire, count: number): Promise<Permit | null> {
    const target = this.#target;
    const token = newToken();
    const turn = await acquireWithin(
      target.pool,
      this.#settings,
      `Semaphore "${this.key}"`,
      request,
      (plan) => semaphoreContest(target, token, request.ttlMs, count, plan),
    );
    return turn && new Permit(target, this.key, token, turn.fence, turn.heldSince, count);
  }

  #checkCount(count: unknown, what = "count"): number {
    if (count === undefined) return 1;
    if (!Number.isSafeInteger(count) || (count as number) < 1 || (count as number) > this.permits) {
      throw new InvalidArgumentError(
        `${what} must be an integer from 1 to the semaphore's ${this.permits} permits, got ${describe(count)}.`,
      );
    }
    return count as number;
  }
}
