/** @module Runs the locker's Lua scripts and decodes their replies. */
import type { CallReply } from "../commands/decode.js";
import { TransportError } from "../errors.js";
import type { RedisPool } from "../registry/pool.js";
import { Script } from "../script.js";
import type { LockKeys } from "./keys.js";
import { ACQUIRE_LUA, CANCEL_LUA, REFRESH_LUA, RELEASE_LUA, TTL_LUA } from "./lua.js";

/**
 * The locker's scripts with their SHA-1s computed ahead (a conformance test checks each against SCRIPT LOAD).
 * @internal
 */
export const LOCK_SCRIPTS = {
  acquire: new Script(ACQUIRE_LUA, "d1bcaf1cfb1f95f2a03e9479cfc491d3388bdea9"),
  release: new Script(RELEASE_LUA, "5478c2015af2eb10704aec856c9e01f48d9deeda"),
  cancel: new Script(CANCEL_LUA, "aab015538cf8c9fd614069f5bd51eb8c6ee40c76"),
  refresh: new Script(REFRESH_LUA, "c59a9a7e29c99bf33f683c5beaae6920d7e9a189"),
  ttl: new Script(TTL_LUA, "c5edef56c0baea5a9c221ff4bf86c8649986e5b5"),
} as const;

/** Where a lock lives: its pool and its keys. */
export interface LockTarget {
  readonly pool: RedisPool;
  readonly keys: LockKeys;
}

/** How an acquisition attempt behaves: one try, joining the queue, or a queued waiter's heartbeat. */
export type AttemptMode = "try" | "enqueue" | "poll";

/** The outcome of an attempt: our fencing token, or the holder's ms left (negative when unknown). */
export type Attempt = { readonly fence: number } | { readonly fence?: undefined; readonly holderTtl: number };

/** Runs one acquisition attempt (see ACQUIRE_LUA). */
export async function attempt(
  target: LockTarget,
  token: string,
  ttlMs: number,
  mode: AttemptMode,
  lifeMs: number,
): Promise<Attempt> {
  const { keys } = target;
  const reply = await target.pool.script(
    LOCK_SCRIPTS.acquire,
    [keys.lock, keys.fence, keys.queue, keys.box(token)],
    [token, ttlMs, mode, lifeMs],
  );
  const [ok, value] = pair(reply);
  return ok === 1 ? { fence: value } : { holderTtl: value };
}

/** A waiter gives up and leaves the queue. Resolves to our fencing token if the lock was handed to us meanwhile. */
export async function cancel(target: LockTarget, token: string, ttlMs: number): Promise<number | undefined> {
  const { keys } = target;
  const reply = await target.pool.script(
    LOCK_SCRIPTS.cancel,
    [keys.lock, keys.fence, keys.queue, keys.box(token)],
    [token, ttlMs],
  );
  const [ok, value] = pair(reply);
  return ok === 1 ? value : undefined;
}

/** Releases the lock if `token` holds it, handing it to the next live waiter. */
export async function release(target: LockTarget, token: string): Promise<boolean> {
  const { keys } = target;
  const reply = await target.pool.script(LOCK_SCRIPTS.release, [keys.lock, keys.fence, keys.queue], [token]);
  return int(reply) === 1;
}

/** Extends (`add`) or resets (`set`) the expiry if `token` holds the lock. Resolves to the ms left, 0 if not ours. */
export async function refresh(
  target: LockTarget,
  token: string,
  ms: number,
  mode: "add" | "set",
): Promise<number> {
  const reply = await target.pool.script(LOCK_SCRIPTS.refresh, [target.keys.lock], [token, ms, mode]);
  return int(reply);
}

/** The ms left while `token` holds the lock, else 0. */
export async function remaining(target: LockTarget, token: string): Promise<number> {
  return int(await target.pool.script(LOCK_SCRIPTS.ttl, [target.keys.lock], [token]));
}

function int(reply: CallReply): number {
  if (typeof reply === "number" || typeof reply === "bigint") return Number(reply);
  throw new TransportError(`Unexpected reply from a lock script: ${JSON.stringify(String(reply))}.`);
}

function pair(reply: CallReply): [number, number] {
  if (!Array.isArray(reply) || reply.length === 0) return [int(reply), 0];
  return [int(reply[0]!), reply.length > 1 ? int(reply[1]!) : 0];
}
