/** @module Key names and tokens of the locker. */

/** The Redis keys of one lock. They share the hash tag `{<prefix>:<key>}`, so they live in one Cluster slot. */
export interface LockKeys {
  /** Holds the owner's token, with the lock's expiry. */
  readonly lock: string;
  /** The fencing counter; it never expires, so fencing tokens keep increasing across expiries. */
  readonly fence: string;
  /** Waiters in arrival order. */
  readonly queue: string;
  /** A waiter's liveness and wake-up stream. */
  box(token: string): string;
}

/**
 * The keys of lock `key`: `{lock:job}`, `{lock:job}:fence`, `{lock:job}:queue`, `{lock:job}:box:<token>`.
 * Everything after the first `}` is outside the hash tag, so even a key containing braces keeps all of its keys
 * in one slot, and no two lock names share a key.
 */
export function lockKeys(prefix: string, key: string): LockKeys {
  const lock = `{${prefix}:${key}}`;
  return { lock, fence: `${lock}:fence`, queue: `${lock}:queue`, box: (token) => `${lock}:box:${token}` };
}

/** The Redis keys of one semaphore, under the same hash tag as a lock of the same name (one Cluster slot). */
export interface SemaphoreKeys {
  /** The holders: tokens scored by their expiry (server ms). */
  readonly holders: string;
  /** Each holder's grant: its permits and fencing token. */
  readonly info: string;
  /** The fencing counter, one token per grant (no expiry). */
  readonly fence: string;
  /** Waiters in arrival order. */
  readonly queue: string;
  /** A waiter's liveness and wake-up stream. */
  box(token: string): string;
}

/**
 * The keys of semaphore `key`: `{lock:pool}:sem`, `:sem:info`, `:sem:fence`, `:sem:queue`, `:sem:box:<token>`.
 * A lock's keys are `{lock:<key>}` plus a suffix that never starts with `:sem`, so the two never share a key.
 */
export function semaphoreKeys(prefix: string, key: string): SemaphoreKeys {
  const holders = `{${prefix}:${key}}:sem`;
  return {
    holders,
    info: `${holders}:info`,
    fence: `${holders}:fence`,
    queue: `${holders}:queue`,
    box: (token) => `${holders}:box:${token}`,
  };
}

/** Random bytes drawn in bulk (one `getRandomValues` call per 256 tokens), handed out 16 at a time. */
const entropy = new Uint8Array(4096);
let used = entropy.length;
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

/** A lock token: 128 random bits from `crypto.getRandomValues`, as 32 lower-case hex digits. */
export function newToken(): string {
  if (used === entropy.length) {
    crypto.getRandomValues(entropy);
    used = 0;
  }
  let hex = "";
  for (let i = used; i < used + 16; i++) hex += HEX[entropy[i]!];
  entropy.fill(0, used, used + 16); // a token's bytes never linger in memory after it is made
  used += 16;
  return hex;
}
