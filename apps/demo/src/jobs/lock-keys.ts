/**
 * The lock every instance competes for, and where the locker keeps it in Redis.
 *
 * `withLock`'s function receives only an AbortSignal, not the Lock, so the page reads the lock from the keys the
 * locker documents for the default prefix "lock": `{lock:nightly_job}` (the owner's token, with the lock's expiry)
 * and `{lock:nightly_job}:fence` (the fencing counter).
 */

/** The lock every instance competes for. */
export const JOB_LOCK_KEY = "nightly_job";
/** The locker's prefix, pinned to its documented default so the keys below stay right. */
export const LOCK_PREFIX = "lock";
/** Where the locker keeps the lock: the owner's token, with the lock's expiry. */
export const LOCK_REDIS_KEY = `{${LOCK_PREFIX}:${JOB_LOCK_KEY}}`;
/** The lock's fencing counter: the current holder's fencing token. */
export const FENCE_REDIS_KEY = `${LOCK_REDIS_KEY}:fence`;
