import type { Endpoint, ParsedAddress } from "@beeredis/core";
import { TransportError } from "@beeredis/core";
import type { Redis } from "ioredis";
import { MAX_TIMER_MS, withDeadline } from "./deadline.js";
import { toError, withoutArguments } from "./replies.js";
import { rawCommand } from "./tick-batcher.js";

/** Delay before asking again on a connection that refused SELECT: 100 ms, doubling up to 2 s (as reconnects). */
const retryDelay = (attempt: number) => Math.min(50 * 2 ** attempt, 2000);

const noop = () => undefined;

/** A command waiting for the connection to be pinned. */
interface Waiter {
  release(): void;
  refuse(error: TransportError): void;
}

/**
 * One ioredis connection that carries commands only while it is pinned to its pool's database: after every
 * connect and reconnect, nothing is written until AUTH and `SELECT db` succeeded on that very connection.
 *
 * ioredis sends SELECT on connect itself but goes on when it fails (it only emits an `error` event), so a reconnect
 * while Redis answers BUSY, or an ACL user without +select, would leave the connection in database 0 while ioredis
 * believes it is in `db`. So once ioredis reports the connection ready, SELECT is sent again here and its reply
 * awaited before any command leaves. (A failed AUTH never reaches "ready": ioredis drops the connection.)
 * While pinning fails, commands reject at once with a `TransportError` naming the pool, the address and the
 * cause, and SELECT is retried with backoff (a lost connection is reconnected by ioredis); once Redis accepts it,
 * commands flow again. ioredis' offline queue is off (see options.ts), so it never holds a command to write later,
 * before this check: every wait happens here.
 */
export class PinnedConnection {
  private pinned = false;
  /** Why the last attempt to pin failed; commands are refused with it until an attempt succeeds. */
  private failure: { reason: string; cause: unknown } | undefined;
  /** The connection's last error since it was last ready: names the cause when an attempt fails. */
  private lastError: Error | undefined;
  private waiters: Waiter[] = [];
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
   * is. Rejects with `TransportError`, without writing anything, while pinning fails or when it takes longer than
   * `timeoutMs` (capped at a connect plus a round trip). Opens a lazy connection.
   */
  run<A, T>(timeoutMs: number, write: (arg: A) => Promise<T>, arg: A): Promise<T> {
    if (this.isPinned) return write(arg);
    if (this.failure !== undefined) return Promise.reject(this.refusal(this.failure));
    const client = this.client;
    if (client.status === "end") return Promise.reject(this.refusal({ reason: "its connection is closed", cause: undefined }));
    if (client.status === "wait") client.connect().catch(noop); // failures arrive as events
    const { connectTimeoutMs, commandTimeoutMs } = this.endpoint;
    const waitMs = Math.min(timeoutMs, connectTimeoutMs + commandTimeoutMs, MAX_TIMER_MS);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((other) => other !== waiter);
        const last = this.lastError ? ` (last connection error: ${text(this.lastError)})` : "";
        const cause = this.lastError && this.causeOf(this.lastError);
        reject(this.refusal({ reason: `not connected within ${waitMs} ms${last}`, cause }));
      }, waitMs);
      const waiter: Waiter = {
        release: () => {
          clearTimeout(timer);
          write(arg).then(resolve, reject);
        },
        refuse: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiters.push(waiter);
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
  };

  private readonly onClose = (): void => {
    this.generation++;
    clearTimeout(this.retryTimer);
    if (this.pinned) {
      this.pinned = false; // commands wait for the reconnect
    } else if (this.lastError !== undefined) {
      this.fail({ reason: `last connection error: ${text(this.lastError)}`, cause: this.causeOf(this.lastError) });
    } else {
      this.fail(this.failure ?? { reason: "the connection closed before it was ready", cause: undefined });
    }
    this.lastError = undefined;
  };

  /** Sends SELECT on the current connection (generation `generation`) and pins it once Redis accepted. */
  private select(generation: number): void {
    const client = this.client;
    if (generation !== this.generation || client.status !== "ready") return;
    const db = this.endpoint.db;
    // A new connection starts in database 0, and no command that changes it can be sent (core forbids SELECT).
    if (db === 0) return this.pin();
    const select = rawCommand(["SELECT", String(db)]);
    client.sendCommand(select);
    const timeoutMs = this.endpoint.commandTimeoutMs;
    withDeadline(select.promise, timeoutMs, () => new Error(`no reply within ${timeoutMs} ms`)).then(
      () => {
        if (generation === this.generation) this.pin();
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        this.fail({ reason: `SELECT ${db} failed: ${text(error)}`, cause: this.causeOf(error) });
        if (error instanceof Error && error.name === "ReplyError") {
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
    this.failure = undefined;
    this.attempts = 0;
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.release();
  }

  private fail(failure: { reason: string; cause: unknown }): void {
    this.failure = failure;
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.refuse(this.refusal(failure));
  }

  /**
   * An error kept as a cause: a server's error reply (WRONGPASS, BUSY, NOPERM) as core's `ReplyError`, anything
   * else as it is; both without the arguments ioredis attaches (for AUTH, the password).
   */
  private causeOf(error: unknown): unknown {
    if (error instanceof Error && error.name === "ReplyError") return toError(error, this.endpoint.code);
    return withoutArguments(error);
  }

  private refusal({ reason, cause }: { reason: string; cause: unknown }): TransportError {
    return new TransportError(
      `Redis pool "${this.endpoint.code}" (${describeAddress(this.endpoint.address)}) is not ready for commands: ${reason}. Nothing was sent; the pool keeps retrying.`,
      cause === undefined ? undefined : { cause },
    );
  }
}

/** An error's message without its final period. */
function text(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\.$/, "");
}

/** The address as `getAddress()` shows it, without credentials (the endpoint's address never holds any). */
export function describeAddress(address: ParsedAddress): string {
  const hostPort = ({ host, port }: { host: string; port: number }) =>
    host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
  switch (address.kind) {
    case "tcp":
      return hostPort(address);
    case "unix":
      return address.path;
    case "sentinel":
      return `sentinel(${address.masterName}@${address.sentinels.map(hostPort).join(",")})`;
    case "cluster":
      return `cluster(${address.nodes.map(hostPort).join(",")})`;
    case "http":
      return address.url;
  }
}
