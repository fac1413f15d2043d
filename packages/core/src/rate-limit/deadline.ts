/** @module The decision timeout: past it, a rate-limit decision follows `onError` instead of waiting on. */
import { TransportError } from "../errors.js";
import type { LitePool } from "../registry/lite-pool.js";

/** The default decision timeout, in ms: short enough for a request path, long enough for a loaded Redis. */
export const DEFAULT_DECISION_TIMEOUT_MS = 1000;

/** setTimeout's longest delay (about 24.8 days): a longer wait is armed in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A monotonic clock in ms; the `performance` object is looked up once (in Node, each lookup is a getter call). */
const clock: { now(): number } = typeof performance !== "undefined" ? performance : Date;

/** A decision still watched: when it times out, and how to reject it then. */
interface Watched {
  readonly deadline: number;
  readonly reject: (error: TransportError) => void;
  settled: boolean;
}

/**
 * The timeout of one limiter's decisions. A timer per decision (armed, then cleared) cost more client CPU than
 * the rest of the decision's own work, so one timer (the watchdog) waits for the oldest decision's deadline instead:
 * every decision of a limiter has the same timeout, so deadlines come in the order decisions start. The watchdog
 * stays armed while decisions come and go (it then finds nothing late and stops), and never keeps a process alive
 * by itself: a decision in flight does, through its connection.
 * That holds for process timers (Node's and Bun's, which have `unref`). A Workers timer belongs to the request that
 * armed it and never fires once that request is done, so a watchdog armed by one request cannot watch the next
 * one's decisions: where the first timer has no `unref`, each later decision arms its own.
 * @internal
 */
export class DecisionDeadlines {
  /** The decisions in flight, oldest first, from `head` on; settled ones are cleared from the front. */
  private watched: (Watched | undefined)[] = [];
  private head = 0;
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  /** Whether this runtime's timers are process timers: learnt from the first one armed. */
  private processTimers: boolean | undefined;

  constructor(
    private readonly timeoutMs: number,
    private readonly pool: LitePool,
  ) {}

  /**
   * Resolves to `map(value)` once `decision` resolves, or rejects like it; rejects with a timed-out
   * `TransportError` once the timeout passed. The script may still run on the server (its outcome is unknown), so
   * the error is `sent` and `timedOut`.
   */
  watch<T, R>(decision: Promise<T>, map: (value: T) => R): Promise<R> {
    if (this.processTimers === false) return this.withOwnTimer(decision, map);
    return new Promise<R>((resolve, reject) => {
      const watched: Watched = { deadline: clock.now() + this.timeoutMs, reject, settled: false };
      this.watched.push(watched);
      if (this.watchdog === undefined) this.arm(this.timeoutMs);
      forward(decision, map, resolve, reject, () => {
        watched.settled = true;
        this.dropSettled();
      });
    });
  }

  /** `watch` for a runtime whose timers belong to a request: a timer of the decision's own, cleared when it settles. */
  private withOwnTimer<T, R>(decision: Promise<T>, map: (value: T) => R): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => reject(this.timedOut()), Math.min(this.timeoutMs, MAX_TIMER_MS));
      forward(decision, map, resolve, reject, () => clearTimeout(timer));
    });
  }

  private arm(ms: number): void {
    const timer = setTimeout(this.check, Math.min(Math.ceil(ms), MAX_TIMER_MS));
    const unrefable = timer as { unref?: () => void };
    this.processTimers = typeof unrefable.unref === "function";
    unrefable.unref?.();
    this.watchdog = timer;
  }

  /** Rejects the decisions whose deadline passed, oldest first, and waits for the next one. */
  private readonly check = (): void => {
    this.watchdog = undefined;
    this.dropSettled();
    const time = clock.now();
    for (let i = this.head; i < this.watched.length; i++) {
      const watched = this.watched[i]!;
      if (watched.settled) continue;
      const wait = watched.deadline - time;
      if (wait > 0) {
        this.arm(wait);
        return;
      }
      watched.settled = true;
      watched.reject(this.timedOut());
    }
    this.dropSettled();
  };

  /** Clears the settled decisions at the front (replies mostly come in order); compacts once many are cleared. */
  private dropSettled(): void {
    const watched = this.watched;
    let head = this.head;
    while (head < watched.length && watched[head]!.settled) watched[head++] = undefined;
    if (head === watched.length) {
      this.watched = [];
      this.head = 0;
    } else if (head > 1024) {
      this.watched = watched.slice(head);
      this.head = 0;
    } else {
      this.head = head;
    }
  }

  private timedOut(): TransportError {
    const reason = `no rate limit decision within ${this.timeoutMs} ms`;
    const pool = this.pool.getPoolConfig();
    return new TransportError(
      `Redis pool "${pool.getCode()}" (${pool.getAddress()}): ${reason} (the limiter's timeout). The decision follows onError; the script may still run.`,
      { timedOut: true, reason },
    );
  }
}

/** Settles `resolve`/`reject` like `decision` (its value through `map`), after `settled()` stops its timing. */
function forward<T, R>(
  decision: Promise<T>,
  map: (value: T) => R,
  resolve: (value: R) => void,
  reject: (error: unknown) => void,
  settled: () => void,
): void {
  decision.then(
    (value) => {
      settled();
      try {
        resolve(map(value));
      } catch (error) {
        reject(error);
      }
    },
    (error: unknown) => {
      settled();
      reject(error);
    },
  );
}
