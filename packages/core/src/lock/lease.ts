/** @module What a held lock and a semaphore's permits share: ownership checks, refresh, release, keep-alive. */
import type { Duration } from "../duration.js";
import type { LockLostError } from "../errors.js";
import { keepAlive } from "./keep-alive.js";
import { checkTtl } from "./validate.js";

/** The owner-checked script calls of one held lease, bound to its keys. */
export interface LeaseCalls {
  /** Extends (`add`) or resets (`set`) the expiry if `token` holds it: the ms left, 0 if not ours. */
  refresh(token: string, ms: number, mode: "add" | "set"): Promise<number>;
  /** The ms left while `token` holds it, else 0. */
  remaining(token: string): Promise<number>;
  /** Releases it if `token` holds it, handing it on to the next live waiter. */
  release(token: string): Promise<boolean>;
}

/** Binds the owner-checked script calls of one kind of lease (lock, permits) to where it lives. */
export function bindCalls<T>(
  target: T,
  calls: {
    refresh(target: T, token: string, ms: number, mode: "add" | "set"): Promise<number>;
    remaining(target: T, token: string): Promise<number>;
    release(target: T, token: string): Promise<boolean>;
  },
): LeaseCalls {
  return {
    refresh: (token, ms, mode) => calls.refresh(target, token, ms, mode),
    remaining: (token) => calls.remaining(target, token),
    release: (token) => calls.release(target, token),
  };
}

/** Keep-alive options of an acquisition (`obtain`, `acquire`). */
export interface AutoRefreshOptions {
  /**
   * Keep it alive until `release()`: its expiry is reset to its ttl every `ttl / 3`. If it is lost anyway,
   * `signal` aborts with `LockLostError` and `onLost` is called. @default false
   */
  autoRefresh?: boolean;
  /** Called once with `LockLostError` when an auto-refreshed lease is lost. An error it throws is ignored. */
  onLost?: (error: LockLostError) => void;
}

/**
 * Something this process holds in Redis until it expires or is released: a {@link Lock} or a `Permit`. Every
 * method checks ownership with one atomic Lua compare-and-act on {@link token}; none ever revives what expired
 * or changed hands.
 */
export abstract class Lease {
  readonly #calls: LeaseCalls;
  #released = false;
  #keeper: { stop(): void } | undefined;
  #lost: AbortController | undefined;

  /** @internal */
  constructor(
    calls: LeaseCalls,
    /** Its name, as given to `obtain` or `getSemaphore`. */
    readonly key: string,
    /** This holder's identity: 128 random bits from `crypto.getRandomValues`, as 32 hex digits. */
    readonly token: string,
    /**
     * Strictly greater than the fencing token of every earlier grant of this key, even across expiries (the
     * counter lives in Redis without expiry). Give it to the protected resource and have it reject writes
     * carrying a smaller token than one it has already seen: that is what keeps a stale holder out.
     */
    readonly fencingToken: number,
    /**
     * When the ttl started, at the earliest (`performance.now()` time): keep-alives count the ttl from here, not
     * from when this process learnt it holds it.
     * @internal
     */
    readonly heldSince: number,
  ) {
    this.#calls = calls;
  }

  /** Names it in messages, such as `Lock "job"`. @internal */
  abstract readonly label: string;

  /**
   * Aborts with `LockLostError` when the keep-alive (`autoRefresh`) finds it lost. Without a keep-alive nothing
   * watches it, and it never aborts.
   */
  get signal(): AbortSignal {
    this.#lost ??= new AbortController();
    return this.#lost.signal;
  }

  /** The ms left before it expires, or 0 once it is no longer ours. One round trip. */
  async ttl(): Promise<number> {
    if (this.#released) return 0;
    return this.#calls.remaining(this.token);
  }

  /**
   * Extends the expiry by `ttl`: a 5 s lock with 3 s left has 5 s left after `refresh("2s")`.
   * @returns false when it was lost (expired or taken); a lost lease is never revived.
   * @throws InvalidArgumentError (as a rejection, before any round trip) when `ttl` is not a finite value > 0 or is
   * a bare number under 1000 (write `"300ms"` for a short one).
   */
  async refresh(ttl: Duration): Promise<boolean> {
    const ms = checkTtl(ttl, "refresh ttl");
    if (this.#released) return false;
    return (await this.#calls.refresh(this.token, ms, "add")) > 0;
  }

  /** Sets the expiry to `ms` from now, if it is still ours (the keep-alive's refresh). @internal */
  async extendTo(ms: number): Promise<boolean> {
    if (this.#released) return false;
    return (await this.#calls.refresh(this.token, ms, "set")) > 0;
  }

  /**
   * Releases it, handing it straight to the next live waiter if there is one, and stops its keep-alive.
   * Idempotent: true when it released what it held; false when it was already released, expired or taken. It
   * never throws for a lost lease (only for a transport failure, after which it still expires on its own).
   */
  async release(): Promise<boolean> {
    this.#keeper?.stop();
    if (this.#released) return false;
    const released = await this.#calls.release(this.token);
    this.#released = true;
    return released;
  }

  /** `await using lease = await ...` releases it when the scope ends. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.release();
  }

  /**
   * Keeps it alive until `release()`, resetting its expiry to `ttlMs` every `ttlMs / 3`; when it is lost,
   * aborts {@link signal} and calls `onLost`.
   * @internal
   */
  keepAlive(ttlMs: number, onLost?: (error: LockLostError) => void): void {
    if (this.#released || this.#keeper) return;
    const lost = this.#lost ?? new AbortController();
    this.#lost = lost;
    this.#keeper = keepAlive(this, ttlMs, (error) => {
      lost.abort(error);
      try {
        onLost?.(error);
      } catch {
        // It runs from a timer or a reply: an error it throws has no caller to reach (never an unhandled one).
      }
    });
  }
}

/** Starts `lease`'s keep-alive when the acquisition asked for `autoRefresh`; passes null through. */
export function keepAliveIf<L extends Lease>(
  lease: L | null,
  {
    autoRefresh,
    ttlMs,
    onLost,
  }: { autoRefresh: boolean; ttlMs: number; onLost?: (error: LockLostError) => void },
): L | null {
  if (lease && autoRefresh) lease.keepAlive(ttlMs, onLost);
  return lease;
}
