/** @module The handle of a held lock. */
import { bindCalls, Lease } from "./lease.js";
import { type LockTarget, refresh, release, remaining } from "./script-calls.js";

/**
 * A lock as a small serialisable value, from `lock.handle()`, for `locker.resume()` in another invocation. It is
 * a capability: whoever has it can refresh and release the lock, so keep it where only the owner reads it.
 */
export interface LockHandle {
  /** The lock's name. */
  readonly key: string;
  /** The owner's token (32 hex digits). */
  readonly token: string;
  /** The fencing token the lock was granted with. */
  readonly fencingToken: number;
}

/**
 * A distributed lock this process holds, from `locker.obtain()` (or `locker.resume()`). Every method checks
 * ownership in Redis with one atomic Lua compare-and-act on {@link token}; none of them ever revives a lock that
 * expired or changed hands.
 * @example
 * await using lock = await locker.obtain("job", "30s", "5s");
 * if (lock) await resource.write(data, { fence: lock.fencingToken });
 */
export class Lock extends Lease {
  /** @internal Locks come from `locker.obtain()`. */
  constructor(target: LockTarget, key: string, token: string, fencingToken: number, heldSince: number) {
    super(bindCalls(target, { refresh, remaining, release }), key, token, fencingToken, heldSince);
  }

  /** @internal */
  get label(): string {
    return `Lock "${this.key}"`;
  }

  /**
   * This lock as a plain JSON-serialisable value, so another invocation (a later request, another function) can
   * take it over with `locker.resume(handle)`. The handle is a capability: anyone holding it can refresh and
   * release the lock. Store it where only the owner can read it, never in a URL or a log.
   * @example await jobs.save({ lock: lock.handle() });
   */
  handle(): LockHandle {
    return { key: this.key, token: this.token, fencingToken: this.fencingToken };
  }
}
