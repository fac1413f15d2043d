/** @module A locker that reports each `obtain()` and `withLock()` to the registry's `onLock` listeners. */
import type { Duration } from "../duration.js";
import type { Lock } from "../lock/lock.js";
import { Locker, type LockerOptions, type ObtainOptions, type WithLockOptions } from "../lock/locker.js";
import type { LitePool } from "../registry/lite-pool.js";
import { emit, type HookListener, type LockEvent, now } from "./hooks.js";

/** `pool.getLocker()` when the registry has `onLock` listeners. @internal */
export class ObservedLocker extends Locker {
  readonly #listeners: readonly HookListener<LockEvent>[];

  constructor(
    pool: LitePool,
    options: LockerOptions | undefined,
    listeners: readonly HookListener<LockEvent>[],
  ) {
    super(pool, options);
    this.#listeners = listeners;
  }

  override async obtain(
    key: string,
    ttl: Duration,
    waitTimeout?: Duration,
    options?: ObtainOptions,
  ): Promise<Lock | null> {
    const start = now();
    try {
      const lock = await super.obtain(key, ttl, waitTimeout, options);
      this.report({ action: "obtain", acquired: lock !== null, ms: now() - start });
      return lock;
    } catch (error) {
      this.report({ action: "obtain", ms: now() - start, error });
      throw error;
    }
  }

  override async withLock<T>(
    key: string,
    options: WithLockOptions,
    fn: (signal: AbortSignal, lock: Lock) => T | Promise<T>,
  ): Promise<T> {
    const start = now();
    try {
      const result = await super.withLock(key, options, fn);
      this.report({ action: "withLock", ms: now() - start });
      return result;
    } catch (error) {
      this.report({ action: "withLock", ms: now() - start, error });
      throw error;
    }
  }

  private report(event: Omit<LockEvent, "pool">): void {
    emit(this.#listeners, { pool: this.pool.getPoolConfig().getCode(), ...event });
  }
}
