import { describeFailure, type Endpoint } from "@beeredis/core";
import type { Redis } from "ioredis";
import { MAX_TIMER_MS, withDeadline } from "./deadline.js";
import { CLOSED, failure, isReplyError, type PinFailure, refusal } from "./pin-refusal.js";
import { rawCommand } from "./raw-command.js";

/** Delay before asking again on a connection that refused SELECT: 100 ms, doubling up to 2 s (as reconnects). */
const retryDelay = (attempt: number) => Math.min(50 * 2 ** attempt, 2000);

const noop = () => undefined;

const TLS_PORT_HINT = "If the server wants TLS, connect with rediss://.";

/** A command waiting for the connection to be pinned. */
interface Waiter {
  release(): void;
  refuse(why: PinFailure): void;
}

/**
 * One ioredis connection that carries commands only while it is pinned to its pool's database: after every
 * connect and reconnect, nothing is written until AUTH and `SELECT db` succeeded on that very connection.
 *
 * ioredis sends SELECT on connect itself but goes on when it fails (it only emits an `error` event), so a reconnect
 * while Redis answers BUSY, or an ACL user without +select, would leave the connection in database 0 while ioredis
 * believes it is in `db`. So once ioredis reports the connection ready, SELECT is sent again here and its reply
 * awaited before any command leaves. (A failed AUTH never reaches "ready": ioredis drops the connection.)
 * While Redis refuses AUTH or SELECT, commands reject at once with a `TransportError` naming the pool, the address
 * and the cause, and SELECT is retried with backoff (a lost connection is reconnected by ioredis); once Redis
 * accepts it, commands flow again. While Redis is out of reach, each command waits for the next attempt. ioredis' offline queue is off (see options.ts), so it never holds a command to write later,
 * unchecked: every wait happens here.
 */
export class PinnedConnection {
  private pinned = false;
  /** Whether the server ever answered this connection: a reset before then hints at a TLS port. */
  private everPinned = false;
  /** Why the last attempt to pin failed; commands are refused with it until an attempt succeeds. */
  private failure: PinFailure | undefined;
  /** The connection's last error since it was last ready: names the cause when an attempt fails. */
  private lastError: Error | undefined;
  /** In arrival order (a Set keeps it, and drops a timed-out waiter in O(1)). */
  private waiters = new Set<Waiter>();
  /** Counts connections, so that a reply or retry meant for a closed one never pins its successor. */
  private generation = 0;
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly client: Redis,
    private readonly endpoint: Endpoint,
  ) {
    client.on("ready", this.onReady);
    client.on("error", this.onError);
    client.on("close", this.onClose);
  }

  /** True when a command written now runs in the pool's database. */
  get isPinned(): boolean {
    return this.pinned && this.client.status === "ready" && this.client.stream?.writable === true;
  }

  /**
   * Calls `write(arg)` once the connection is pinned: at once when it is; otherwise, in call order, as soon as it
   * is. Rejects with `TransportError`, without writing anything: at once while Redis refuses AUTH or SELECT; when
   * the attempt it waited for fails; or after `timeoutMs` (capped at a connect plus a round trip). Opens a lazy
   * connection.
   */
  run<A, T>(timeoutMs: number, write: (arg: A) => Promise<T>, arg: A): Promise<T> {
    if (this.isPinned) return write(arg);
    const client = this.client;
    if (client.status === "end") return Promise.reject(refusal(this.endpoint, CLOSED));
    // Redis refused AUTH or SELECT: refused at once until an attempt succeeds. Out of reach (a restart, a network
    // fault), a command waits for the next attempt instead, which may well succeed.
    if (this.failure?.refusedByRedis) return Promise.reject(refusal(this.endpoint, this.failure));
    if (client.status === "wait") client.connect().catch(noop); // failures arrive as events
    const { connectTimeoutMs, commandTimeoutMs } = this.endpoint;
    const waitMs = Math.min(timeoutMs, connectTimeoutMs + commandTimeoutMs, MAX_TIMER_MS);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const last = this.lastError ? failure(this.lastError) : this.failure;
        const reason = `not connected within ${waitMs} ms${last ? ` (${last.reason})` : ""}`;
        reject(
          refusal(this.endpoint, { reason, cause: last?.cause, ...(last?.hint ? { hint: last.hint } : {}) }),
        );
      }, waitMs);
      const waiter: Waiter = {
        release: () => {
          clearTimeout(timer);
          write(arg).then(resolve, reject);
        },
        refuse: (why) => {
          clearTimeout(timer);
          reject(refusal(this.endpoint, why));
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** Stops watching the connection (a subscribed connection sends no commands; SELECT is refused in that mode). */
  detach(): void {
    clearTimeout(this.retryTimer);
    this.client.off("ready", this.onReady);
    this.client.off("error", this.onError);
    this.client.off("close", this.onClose);
  }

  private readonly onReady = (): void => {
    this.lastError = undefined; // errors before "ready" came from the handshake; SELECT is checked below
    this.select(this.generation);
  };

  private readonly onError = (error: Error): void => {
    this.lastError = error;
    // The Sentinels answered that the pool is set up wrong (no such master, not a Sentinel): ioredis keeps asking
    // them without closing, and no attempt will succeed until the setup changes, so commands are refused now.
    if (describeFailure(error).misconfigured) this.fail({ ...failure(error), refusedByRedis: true });
  };

  private readonly onClose = (): void => {
    this.generation++;
    clearTimeout(this.retryTimer);
    const wasPinned = this.pinned;
    this.pinned = false;
    if (this.client.status === "end") {
      this.fail(CLOSED); // closed for good: no reconnect to wait for
    } else if (!wasPinned) {
      const cause = this.lastError;
      const why = cause ? failure(cause) : (this.failure ?? { reason: "connection lost" });
      // A TLS port resets a plain-text client's first bytes: the likeliest cause of a reset from a server that never
      // answered this pool.
      const plainText =
        !this.everPinned && !this.endpoint.tls && why.reason === "connection reset" && why.hint === undefined;
      this.fail(plainText ? { ...why, hint: TLS_PORT_HINT } : why);
    } // else: a pinned connection was lost; commands wait for the reconnect
    this.lastError = undefined;
  };

  /** Sends SELECT on the current connection (generation `generation`) and pins it once Redis accepted. */
  private select(generation: number): void {
    const client = this.client;
    if (generation !== this.generation || client.status !== "ready") return;
    const db = this.endpoint.db;
    // A new connection starts in database 0, and no command that changes it can be sent (core forbids SELECT).
    if (db === 0) {
      this.pin();
      return;
    }
    const select = rawCommand(["SELECT", String(db)]);
    client.sendCommand(select);
    const timeoutMs = this.endpoint.commandTimeoutMs;
    withDeadline(select.promise, timeoutMs, () => new Error(`no reply within ${timeoutMs} ms`)).then(
      () => {
        if (generation === this.generation) this.pin();
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        this.fail(failure(error, `SELECT ${db}`));
        if (isReplyError(error)) {
          // Redis answered (BUSY, NOPERM...): the connection is sound and still outside the database. Ask again.
          this.retryTimer = setTimeout(() => this.select(generation), retryDelay(++this.attempts));
        } else if (client.status === "ready") {
          client.disconnect(true); // no reply: the connection's state is unknown, so take a new one
        }
      },
    );
  }

  private pin(): void {
    this.pinned = true;
    this.everPinned = true;
    this.failure = undefined;
    this.attempts = 0;
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const waiter of waiters) waiter.release();
  }

  private fail(why: PinFailure): void {
    this.failure = why;
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const waiter of waiters) waiter.refuse(why);
  }
}
