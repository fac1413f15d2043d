/** @module The registry's observability hooks: what they receive, and how a pool calls them. */
import type { WireArg } from "../transport.js";

/** One command (or one batch) a pool ran, for `registry.onCommand()`. Never carries argument values. */
export interface CommandEvent {
  /** The pool code. */
  readonly pool: string;
  /** The command name in upper case (`"GET"`), or `"PIPELINE"` / `"MULTI"` for a batch. */
  readonly command: string;
  /** For a batch: the name of each command in it, in order. */
  readonly batch?: readonly string[];
  /** From sending to the decoded result (or the error), in ms. */
  readonly ms: number;
  /** The error it rejected with, if it did. A batch entry's own error reply is not one. */
  readonly error?: unknown;
}

/** One rate-limit decision, for `registry.onDecision()`. Never carries the key. */
export interface DecisionEvent {
  readonly pool: string;
  /** The limiter's algorithm, such as `"sliding-log"`. */
  readonly algorithm: string;
  /** `"limit"` for a decision that consumes, `"peek"` for a look. */
  readonly action: "limit" | "peek";
  /** The decision; `undefined` when it rejected. */
  readonly allowed?: boolean;
  /** Who answered (`"redis"`, `"cache"` for the local deny cache, `"on-error"`); `undefined` when it rejected. */
  readonly source?: string;
  readonly ms: number;
  readonly error?: unknown;
}

/** One locker operation, for `registry.onLock()`. Never carries the lock's name or token. */
export interface LockEvent {
  readonly pool: string;
  /** `"obtain"` for `locker.obtain()`, `"withLock"` for a whole `locker.withLock()` (wait, `fn` and release). */
  readonly action: "obtain" | "withLock";
  /** For `"obtain"`: whether the lock was obtained; `undefined` when it rejected. */
  readonly acquired?: boolean;
  readonly ms: number;
  readonly error?: unknown;
}

/** Receives one event. It runs synchronously after the operation settles; what it throws is ignored. */
export type HookListener<E> = (event: E) => void;

/**
 * What a pool tells about its commands, when the registry has a command listener or the query debug logger.
 * `undefined` on a pool of a registry without either: the command path then checks one field and nothing else.
 * @internal
 */
export interface CommandObserver {
  /** One command settled: `argv` is what was sent (only the debug logger reads its arguments). */
  command(argv: readonly WireArg[], ms: number, error: unknown): void;
  /** One batch settled. */
  batch(atomic: boolean, commands: readonly (readonly WireArg[])[], ms: number, error: unknown): void;
}

/** The listeners registered on a registry, shared by its pools. @internal */
export interface Hooks {
  readonly command: HookListener<CommandEvent>[];
  readonly decision: HookListener<DecisionEvent>[];
  readonly lock: HookListener<LockEvent>[];
  /** The query debug logger's line printer, when it is on. */
  debug?: (line: string) => void;
}

/**
 * The listeners as they are now, for the pools of one `validate()` (listeners added later do not reach them), or
 * `undefined` when there are none.
 * @internal
 */
export function activeHooks(hooks: Hooks): Hooks | undefined {
  const { command, decision, lock, debug } = hooks;
  if (command.length + decision.length + lock.length === 0 && debug === undefined) return undefined;
  return { command: [...command], decision: [...decision], lock: [...lock], debug };
}

/** Calls each listener with `event`; a listener that throws does not stop the others or the operation. @internal */
export function emit<E>(listeners: readonly HookListener<E>[], event: E): void {
  for (const listener of listeners) {
    try {
      listener(event);
    } catch {
      // A hook must never break the command it observes.
    }
  }
}

/** `promise`, reporting its time since `start` and its outcome to `report` once it settles. @internal */
export function timed<T>(
  promise: Promise<T>,
  start: number,
  report: (ms: number, error: unknown) => void,
): Promise<T> {
  return promise.then(
    (value) => {
      report(now() - start, undefined);
      return value;
    },
    (error: unknown) => {
      report(now() - start, error);
      throw error;
    },
  );
}

/** The current time in ms for durations (`performance.now()` where there is one: every supported runtime). @internal */
export const now: () => number =
  typeof performance !== "undefined" ? () => performance.now() : () => Date.now();
