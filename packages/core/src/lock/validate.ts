/** @module Argument checks of the locker: bad input rejects before any round trip. */

import { describe } from "../commands/command.js";
import {
  type Duration,
  toDeliberateMilliseconds,
  toNonNegativeMilliseconds,
  toPositiveMilliseconds,
} from "../duration.js";
import { InvalidArgumentError, type LockLostError } from "../errors.js";
import type { LockHandle } from "./lock.js";

/** Longest TTL or wait accepted, in ms (about 285,000 years): keeps PX arithmetic exact. */
const MAX_MS = Number.MAX_SAFE_INTEGER;

/** A lock name: a non-empty string. */
export function checkKey(key: unknown): string {
  if (typeof key !== "string" || key.length === 0) {
    throw new InvalidArgumentError(`The lock key must be a non-empty string, got ${describe(key)}.`);
  }
  return key;
}

/**
 * A TTL: a finite Duration > 0, rounded up to whole ms (PX takes integers). A bare number under 1000 is refused
 * (`obtain("k", 30)` was almost surely meant as 30 s); a short ttl says its unit, `"300ms"`.
 */
export function checkTtl(ttl: Duration, name = "ttl"): number {
  return Math.ceil(bounded(toDeliberateMilliseconds(ttl, name), name));
}

/**
 * A wait timeout: a finite Duration >= 0. Not held to the ttl's rule: 0 (try once) is the common wait and short
 * waits such as 100 ms are plausible.
 */
export function checkWait(wait: Duration, name = "waitTimeout"): number {
  return bounded(toNonNegativeMilliseconds(wait, name), name);
}

/** An optional AbortSignal. */
export function checkSignal(signal: unknown): AbortSignal | undefined {
  if (signal === undefined || signal === null) return undefined;
  if (typeof (signal as AbortSignal).aborted !== "boolean" || !("addEventListener" in (signal as object))) {
    throw new InvalidArgumentError(`signal must be an AbortSignal, got ${describe(signal)}.`);
  }
  return signal as AbortSignal;
}

/** The hash-tag prefix: non-empty, without braces (they would move the hash tag). */
export function checkPrefix(prefix: unknown): string {
  if (typeof prefix !== "string" || prefix.length === 0 || /[{}]/.test(prefix)) {
    throw new InvalidArgumentError(
      `The locker prefix must be a non-empty string without braces, got ${describe(prefix)}.`,
    );
  }
  return prefix;
}

function bounded(ms: number, name: string): number {
  if (ms > MAX_MS) throw new InvalidArgumentError(`${name} is too long: ${ms} ms.`);
  return ms;
}

/** An optional timeout: a finite Duration > 0, or undefined. */
function checkTimeout(timeout: Duration | undefined): number | undefined {
  return timeout === undefined ? undefined : bounded(toPositiveMilliseconds(timeout, "timeout"), "timeout");
}

/** An optional callback. */
export function checkCallback<F>(callback: F | undefined, name: string): F | undefined {
  if (callback !== undefined && typeof callback !== "function") {
    throw new InvalidArgumentError(`${name} must be a function, got ${describe(callback)}.`);
  }
  return callback;
}

/** An optional boolean flag. */
function checkFlag(flag: unknown, name: string): boolean {
  if (flag !== undefined && typeof flag !== "boolean") {
    throw new InvalidArgumentError(`${name} must be a boolean, got ${describe(flag)}.`);
  }
  return flag === true;
}

/** A handle from `lock.handle()` (or `from`): a key, a 32-hex-digit token and a fencing token >= 1. */
export function checkHandle(handle: unknown, from = "lock.handle()"): LockHandle {
  const { key, token, fencingToken } = (handle ?? {}) as Partial<LockHandle>;
  if (
    typeof key !== "string" ||
    key.length === 0 ||
    typeof token !== "string" ||
    !/^[0-9a-f]{32}$/.test(token) ||
    !Number.isSafeInteger(fencingToken) ||
    fencingToken! < 1
  ) {
    throw new InvalidArgumentError(
      `resume needs a handle from ${from}, with a key, a token (32 hex digits) and a fencingToken (an integer >= 1).`,
    );
  }
  return { key, token, fencingToken: fencingToken! };
}

/** A semaphore's permit count: a positive safe integer. */
export function checkPermits(permits: unknown): number {
  if (!Number.isSafeInteger(permits) || (permits as number) < 1) {
    throw new InvalidArgumentError(`permits must be a positive integer, got ${describe(permits)}.`);
  }
  return permits as number;
}

/** An acquisition's checked input: ttl, wait, and the limits and keep-alive options every one takes. */
export interface CheckedAcquire {
  readonly ttlMs: number;
  readonly waitMs: number;
  readonly signal: AbortSignal | undefined;
  readonly timeoutMs: number | undefined;
  readonly autoRefresh: boolean;
  readonly onLost: ((error: LockLostError) => void) | undefined;
}

/** What `obtain`, `acquire`, `withLock` and `withSemaphore` all take besides the ttl and the wait. */
interface AcquireInput {
  signal?: AbortSignal;
  timeout?: Duration;
  autoRefresh?: boolean;
  onLost?: (error: LockLostError) => void;
}

/** Checks an acquisition's ttl, wait (named `waitName` in errors) and options, before any round trip. */
export function checkAcquire(
  ttl: Duration,
  wait: Duration,
  options: AcquireInput | undefined,
  waitName?: string,
): CheckedAcquire {
  return {
    ttlMs: checkTtl(ttl),
    waitMs: checkWait(wait, waitName),
    signal: checkSignal(options?.signal),
    timeoutMs: checkTimeout(options?.timeout),
    autoRefresh: checkFlag(options?.autoRefresh, "autoRefresh"),
    onLost: checkCallback(options?.onLost, "onLost"),
  };
}

/** A `withLock` or `withSemaphore` call: `{ ttl = 10 s, wait = 0, signal, timeout }` and the function to run. */
export function checkHolding(
  options: AcquireInput & { ttl?: Duration; wait?: Duration },
  fn: unknown,
  method: string,
): CheckedAcquire {
  const checked = checkAcquire(options?.ttl ?? DEFAULT_HOLDING_TTL, options?.wait ?? 0, options, "wait");
  if (typeof fn !== "function") throw new InvalidArgumentError(`${method} needs a function to run.`);
  return checked;
}

/** The ttl of `withLock` and `withSemaphore` when none is given. */
const DEFAULT_HOLDING_TTL = 10_000;
