/** @module Runs the locker's Lua scripts and decodes their replies. */
import { TransportError } from "../errors.js";
import { evalKnown, type KnownScript } from "../known-script.js";
import type { LitePool } from "../registry/lite-pool.js";
import { Script } from "../script.js";
import type { RawReply } from "../transport.js";
import type { LockKeys } from "./keys.js";
import { ACQUIRE_LUA, CANCEL_LUA, REFRESH_LUA, RELEASE_LUA, TTL_LUA } from "./lua.js";

/** The locker's scripts with their SHA-1s computed ahead, as plain strings for the hot path. */
const SCRIPTS = {
  acquire: { lua: ACQUIRE_LUA, sha: "a195ce8463a7dbac25be3fc40f3eed3eaf24d9c3" },
  release: { lua: RELEASE_LUA, sha: "1293eee6dba517b682f8d23e203381edb78154e4" },
  cancel: { lua: CANCEL_LUA, sha: "0df8dbb6a104b70dc8e528c28b977a0ded7843bf" },
  refresh: { lua: REFRESH_LUA, sha: "c59a9a7e29c99bf33f683c5beaae6920d7e9a189" },
  ttl: { lua: TTL_LUA, sha: "c5edef56c0baea5a9c221ff4bf86c8649986e5b5" },
} as const satisfies Record<string, KnownScript>;

/**
 * The locker's scripts, to preload with SCRIPT LOAD or to read (a test checks each SHA-1 against its source).
 * @internal
 */
export const LOCK_SCRIPTS = {
  acquire: new Script(SCRIPTS.acquire.lua, SCRIPTS.acquire.sha),
  release: new Script(SCRIPTS.release.lua, SCRIPTS.release.sha),
  cancel: new Script(SCRIPTS.cancel.lua, SCRIPTS.cancel.sha),
  refresh: new Script(SCRIPTS.refresh.lua, SCRIPTS.refresh.sha),
  ttl: new Script(SCRIPTS.ttl.lua, SCRIPTS.ttl.sha),
} as const;

/** Where a lock lives: its pool and its keys. */
export interface LockTarget {
  readonly pool: LitePool;
  readonly keys: LockKeys;
}

/**
 * How an acquisition attempt behaves: one try, joining the queue, a queued waiter's heartbeat, or going back to
 * the head of the queue after a turn that expired before it could be used (see ACQUIRE_LUA).
 */
export type AttemptMode = "try" | "enqueue" | "poll" | "rejoin";

/** How a waiter learns of its turn: `b` blocks on its wake-up stream, `p` polls. */
export type WaiterKind = "b" | "p";

/** The outcome of an attempt: our fencing token, or the holder's ms left (negative when unknown). */
export type Attempt = { readonly fence: number } | { readonly fence?: undefined; readonly holderTtl: number };

/** One obtain() as the scripts see it: its lock, token, ttl, box life and kind. */
export interface Waiter {
  readonly target: LockTarget;
  readonly token: string;
  readonly ttlMs: number;
  readonly lifeMs: number;
  readonly kind: WaiterKind;
}

/** Runs one acquisition attempt (see ACQUIRE_LUA). */
export function attempt(waiter: Waiter, mode: AttemptMode): Promise<Attempt> {
  const { keys } = waiter.target;
  const { token } = waiter;
  return evalKnown(
    waiter.target.pool,
    SCRIPTS.acquire,
    [
      "4",
      keys.lock,
      keys.fence,
      keys.queue,
      keys.box(token),
      token,
      String(waiter.ttlMs),
      mode,
      String(waiter.lifeMs),
      waiter.kind,
    ],
    attemptOf,
  );
}

/** A waiter gives up and leaves the queue. Resolves to our fencing token if the lock was handed to us meanwhile. */
export async function cancel(waiter: Waiter): Promise<number | undefined> {
  const { keys } = waiter.target;
  const { token } = waiter;
  const [ok, value] = await evalKnown(
    waiter.target.pool,
    SCRIPTS.cancel,
    ["4", keys.lock, keys.fence, keys.queue, keys.box(token), token, String(waiter.ttlMs), waiter.kind],
    pair,
  );
  return ok === 1 ? value : undefined;
}

/** Releases the lock if `token` holds it, handing it to the next live waiter. */
export function release(target: LockTarget, token: string): Promise<boolean> {
  const { keys } = target;
  return evalKnown(target.pool, SCRIPTS.release, ["3", keys.lock, keys.fence, keys.queue, token], isOne);
}

/** Extends (`add`) or resets (`set`) the expiry if `token` holds the lock. Resolves to the ms left, 0 if not ours. */
export function refresh(target: LockTarget, token: string, ms: number, mode: "add" | "set"): Promise<number> {
  return evalKnown(target.pool, SCRIPTS.refresh, ["1", target.keys.lock, token, String(ms), mode], int);
}

/** The ms left while `token` holds the lock, else 0. */
export function remaining(target: LockTarget, token: string): Promise<number> {
  return evalKnown(target.pool, SCRIPTS.ttl, ["1", target.keys.lock, token], int);
}

function int(reply: RawReply): number {
  if (typeof reply === "number" || typeof reply === "bigint") return Number(reply);
  throw new TransportError(`Unexpected reply from a lock script: ${JSON.stringify(String(reply))}.`);
}

function attemptOf(reply: RawReply): Attempt {
  const [ok, value] = pair(reply);
  return ok === 1 ? { fence: value } : { holderTtl: value };
}

function isOne(reply: RawReply): boolean {
  return int(reply) === 1;
}

function pair(reply: RawReply): [number, number] {
  if (!Array.isArray(reply) || reply.length === 0) return [int(reply), 0];
  return [int(reply[0]!), reply.length > 1 ? int(reply[1]!) : 0];
}
