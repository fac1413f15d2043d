/** @module The semaphore's scripts and their calls, for one semaphore and one waiter. */
import type { LitePool } from "../registry/lite-pool.js";
import { runScript, Script } from "../script.js";
import type { RawReply } from "../transport.js";
import type { SemaphoreKeys } from "./keys.js";
import type { AttemptMode } from "./script-calls.js";
import { asAttempt, asInteger, unexpected } from "./scripts.js";
import {
  SEM_ACQUIRE_LUA,
  SEM_CANCEL_LUA,
  SEM_INSPECT_LUA,
  SEM_REFRESH_LUA,
  SEM_RELEASE_LUA,
  SEM_TTL_LUA,
} from "./semaphore-lua.js";
import type { Contest, WaitPlan } from "./wait.js";

/** The semaphore's scripts (see semaphore-lua.ts), to preload with SCRIPT LOAD or to read. */
export const SEMAPHORE_SCRIPTS = /* @__PURE__ */ Object.freeze({
  /** KEYS holders, info, fence, queue, box; ARGV token, ttl, mode, box life, kind, count, permits. */
  acquire: semaphoreScript(SEM_ACQUIRE_LUA, "616b0604b5a458c17feef4409b3ce751eb1d707c", 5, asAttempt),
  /** KEYS holders, info, fence, queue; ARGV token, permits. Whether they were ours. */
  release: semaphoreScript(
    SEM_RELEASE_LUA,
    "01b7a4f1ef1d4f481c9cb5e14831b0623fc29426",
    4,
    (r) => asInteger(r) === 1,
  ),
  /** KEYS holders, info, fence, queue, box; ARGV token, ttl, kind, count, permits. Our fence if granted meanwhile. */
  cancel: semaphoreScript(
    SEM_CANCEL_LUA,
    "9ec632e88455e6fb34e98afed27e09cf2dec802a",
    5,
    (r) => asAttempt(r).fence,
  ),
  /** KEYS holders, info; ARGV token, ms, mode. The ms left, 0 when not ours. */
  refresh: semaphoreScript(SEM_REFRESH_LUA, "fa305d5609b0ca0b0e90c2f5a8b8dcb5d26365eb", 2, asInteger),
  /** KEYS holders, info; ARGV token. The ms left while ours, else 0. */
  ttl: semaphoreScript(SEM_TTL_LUA, "dede8858d71e3d8304cc8f98b582decc29dc4bf9", 2, asInteger),
  /** KEYS holders, info, fence, queue. `{held, holders, waiters, fence}`, writing nothing. */
  inspect: semaphoreScript(SEM_INSPECT_LUA, "fcfe73f0371d40453da9c3868b9ff768a50b5df1", 4, asCounts),
});

/** A semaphore's state, from `semaphore.inspect()`. */
export interface SemaphoreInspection {
  /** Permits held now (by grants whose ttl has not run out). */
  readonly held: number;
  /** Permits free now: the semaphore's permits less those held. Waiters may be about to take them. */
  readonly available: number;
  /** Grants held now (each of one or more permits). */
  readonly holders: number;
  /** Live waiters in the queue. */
  readonly waiters: number;
  /** The last fencing token issued (0 when none ever was). */
  readonly fencingToken: number;
}

function asCounts(reply: RawReply): readonly [number, number, number, number] {
  if (!Array.isArray(reply) || reply.length !== 4) return unexpected(reply);
  return reply.map(asInteger) as [number, number, number, number];
}

function semaphoreScript<T>(
  lua: string,
  sha: string,
  keys: number,
  decode: (reply: RawReply) => T,
): Script<T> {
  return new Script(lua, { sha, keys, decode });
}

/** Where a semaphore lives, and how many permits it has. */
export interface SemaphoreTarget {
  readonly pool: LitePool;
  readonly keys: SemaphoreKeys;
  readonly permits: number;
}

/** One acquire's scripts, for the waiting loop. */
export function semaphoreContest(
  target: SemaphoreTarget,
  token: string,
  ttlMs: number,
  count: number,
  plan: WaitPlan,
): Contest {
  const { pool, keys, permits } = target;
  const waiterKeys = [keys.holders, keys.info, keys.fence, keys.queue, keys.box(token)];
  return {
    pool,
    box: keys.box(token),
    attempt: (mode: AttemptMode) =>
      runScript(pool, SEMAPHORE_SCRIPTS.acquire, waiterKeys, [
        token,
        ttlMs,
        mode,
        plan.lifeMs,
        plan.kind,
        count,
        permits,
      ]),
    cancel: () =>
      runScript(pool, SEMAPHORE_SCRIPTS.cancel, waiterKeys, [token, ttlMs, plan.kind, count, permits]),
    release: () => releasePermits(target, token),
  };
}

/** Gives `token`'s permits back, granting the queue's head. Resolves to whether they were ours. */
export function releasePermits(target: SemaphoreTarget, token: string): Promise<boolean> {
  const { pool, keys, permits } = target;
  const all = [keys.holders, keys.info, keys.fence, keys.queue];
  return runScript(pool, SEMAPHORE_SCRIPTS.release, all, [token, permits]);
}

/** Extends (`add`) or resets (`set`) the expiry of `token`'s permits: the ms left, 0 if not ours. */
export function refreshPermits(
  target: SemaphoreTarget,
  token: string,
  ms: number,
  mode: "add" | "set",
): Promise<number> {
  const { pool, keys } = target;
  return runScript(pool, SEMAPHORE_SCRIPTS.refresh, [keys.holders, keys.info], [token, ms, mode]);
}

/** The semaphore's state, read in one round trip without writing. */
export async function inspectSemaphore(target: SemaphoreTarget): Promise<SemaphoreInspection> {
  const { pool, keys, permits } = target;
  const all = [keys.holders, keys.info, keys.fence, keys.queue];
  const [held, holders, waiters, fencingToken] = await runScript(pool, SEMAPHORE_SCRIPTS.inspect, all, []);
  return { held, available: Math.max(0, permits - held), holders, waiters, fencingToken };
}

/** The ms left while `token` holds its permits, else 0. */
export function permitsRemaining(target: SemaphoreTarget, token: string): Promise<number> {
  const { pool, keys } = target;
  return runScript(pool, SEMAPHORE_SCRIPTS.ttl, [keys.holders, keys.info], [token]);
}
