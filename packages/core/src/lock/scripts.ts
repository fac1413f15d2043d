/** @module The locker's Lua scripts, each with its stored SHA-1, key count and reply decoder. */
import { TransportError } from "../errors.js";
import { Script } from "../script.js";
import type { RawReply } from "../transport.js";
import {
  ACQUIRE_LUA,
  CANCEL_LUA,
  FORCE_RELEASE_LUA,
  INSPECT_LUA,
  REFRESH_LUA,
  RELEASE_LUA,
  TTL_LUA,
} from "./lua.js";

/** The outcome of an acquisition attempt: our fencing token, or the holder's ms left (negative when unknown). */
export type Attempt = { readonly fence: number } | { readonly fence?: undefined; readonly holderTtl: number };

/** A lock's state, from `locker.inspect()`. */
export interface LockInspection {
  /** Whether someone holds the lock. */
  readonly held: boolean;
  /** The ms left before the holder's lock expires; 0 when it is free. */
  readonly ttlMs: number;
  /** The holder's fencing token; when the lock is free, the last one issued (0 when none ever was). */
  readonly fencingToken: number;
  /** Live waiters in the queue. */
  readonly waiters: number;
}

/**
 * The locker's scripts, to preload with SCRIPT LOAD or to read (a test checks each stored SHA-1 against the
 * server's). Their keys are those of one lock (see lua.ts), so each runs in one Cluster slot.
 */
export const LOCK_SCRIPTS = /* @__PURE__ */ Object.freeze({
  /** KEYS lock, fence, queue, box; ARGV token, ttl, mode, box life, kind. Our fence, or the holder's ms left. */
  acquire: lockScript(ACQUIRE_LUA, "a195ce8463a7dbac25be3fc40f3eed3eaf24d9c3", 4, asAttempt),
  /** KEYS lock, fence, queue; ARGV token. Whether it released (or handed on) our lock. */
  release: lockScript(RELEASE_LUA, "1293eee6dba517b682f8d23e203381edb78154e4", 3, (r) => asInteger(r) === 1),
  /** KEYS lock, fence, queue, box; ARGV token, ttl, kind. Our fence when the lock reached us meanwhile. */
  cancel: lockScript(CANCEL_LUA, "0df8dbb6a104b70dc8e528c28b977a0ded7843bf", 4, (r) => asAttempt(r).fence),
  /** KEYS lock; ARGV token, ms, mode. The ms left, 0 when the lock is not ours. */
  refresh: lockScript(REFRESH_LUA, "c59a9a7e29c99bf33f683c5beaae6920d7e9a189", 1, asInteger),
  /** KEYS lock; ARGV token. The ms left while the lock is ours, else 0. */
  ttl: lockScript(TTL_LUA, "c5edef56c0baea5a9c221ff4bf86c8649986e5b5", 1, asInteger),
  /** KEYS lock, fence, queue. The lock's state, without taking it. */
  inspect: lockScript(INSPECT_LUA, "0eec7fda6b1f88635080316735bef727d4d01c5d", 3, asInspection),
  /** KEYS lock, fence, queue. Whether a lock was held; the next live waiter gets it. */
  forceRelease: lockScript(
    FORCE_RELEASE_LUA,
    "0d63c0344ca4e1d1d7c56b118853cbdda3af5387",
    3,
    (r) => asInteger(r) === 1,
  ),
});

function lockScript<T>(lua: string, sha: string, keys: number, decode: (reply: RawReply) => T): Script<T> {
  return new Script(lua, { sha, keys, decode });
}

/** `{1, fence}` is ours; `{0, holder's ms left}` (or `{0}` from cancel) is not. */
export function asAttempt(reply: RawReply): Attempt {
  if (!Array.isArray(reply) || reply.length === 0) return unexpected(reply);
  const value = reply.length > 1 ? asInteger(reply[1]!) : 0;
  return asInteger(reply[0]!) === 1 ? { fence: value } : { holderTtl: value };
}

/** `{pttl, fence, waiters}`, pttl -2 when the lock is free (-1, no expiry, only if set by hand). */
function asInspection(reply: RawReply): LockInspection {
  if (!Array.isArray(reply) || reply.length !== 3) return unexpected(reply);
  const [left, fence, waiters] = reply.map(asInteger) as [number, number, number];
  return { held: left !== -2, ttlMs: Math.max(left, 0), fencingToken: fence, waiters };
}

export function asInteger(reply: RawReply): number {
  if (typeof reply === "number" || typeof reply === "bigint") return Number(reply);
  return unexpected(reply);
}

export function unexpected(reply: RawReply): never {
  throw new TransportError(`Unexpected reply from a lock script: ${JSON.stringify(String(reply))}.`);
}
