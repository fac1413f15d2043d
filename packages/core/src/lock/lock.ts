/** @module The handle of a held lock. */
import type { Duration } from "../duration.js";
import { type LockTarget, refresh, release, remaining } from "./script-calls.js";
import { checkTtl } from "./validate.js";

/**
 * A distributed lock this process holds, from `locker.obtain()`. Every method checks ownership in Redis with one
 * atomic Lua compare-and-act on {@link token}; none of them ever revives a lock that expired or changed hands.
 * @example
 * await using lock = await locker.obtain("job", "30s", "5s");
 * if (lock) await resource.write(data, { fence: lock.fencingToken });
 */
export class Lock {
  readonly #target: LockTarget;
  #released = false;

  /** @internal Locks come from `locker.obtain()`. */
  constructor(
    target: LockTarget,
    /** The lock's name, as given to `obtain`. */
    readonly key: string,
    /** This holder's identity: 128 random bits from `crypto.getRandomValues`, as 32 hex digits. */
    readonly token: string,
    /**
     * Strictly greater than the fencing token of every earlier holder of this key, even across expiries (the
     * counter lives in Redis without expiry). Give it to the protected resource and have it reject writes
     * carrying a smaller token than one it has already seen: that is what keeps a stale holder out.
     */
    readonly fencingToken: number,
    /**
     * When the lock's ttl started, at the earliest (`performance.now()` time): withLock's keep-alive counts the
     * ttl from here, not from when this process learnt it holds the lock.
     * @internal
     */
    readonly heldSince: number,
  ) {
    this.#target = target;
  }

  /** The ms left before the lock expires, or 0 once it is no longer ours. One round trip. */
  async ttl(): Promise<number> {
    if (this.#released) return 0;
    return remaining(this.#target, this.token);
  }

  /**
   * Extends the expiry by `ttl`: a 5 s lock with 3 s left has 5 s left after `refresh("2s")`.
   * @returns false when the lock was lost (expired or taken); a lost lock is never revived.
   * @throws InvalidArgumentError (as a rejection, before any round trip) when `ttl` is not a finite value > 0.
   */
  async refresh(ttl: Duration): Promise<boolean> {
    const ms = checkTtl(ttl, "refresh ttl");
    if (this.#released) return false;
    return (await refresh(this.#target, this.token, ms, "add")) > 0;
  }

  /**
   * Sets the expiry to `ms` from now, if the lock is still ours (withLock's keep-alive).
   * @internal
   */
  async extendTo(ms: number): Promise<boolean> {
    if (this.#released) return false;
    return (await refresh(this.#target, this.token, ms, "set")) > 0;
  }

  /**
   * Releases the lock, handing it straight to the next live waiter if there is one.
   * Idempotent: true when it released what it held; false when it was already released, expired or taken. It
   * never throws for a lost lock (only for a transport failure, after which the lock still expires on its own).
   */
  async release(): Promise<boolean> {
    if (this.#released) return false;
    const released = await release(this.#target, this.token);
    this.#released = true;
    return released;
  }

  /** `await using lock = await locker.obtain(...)` releases the lock when the scope ends. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.release();
  }
}
