import type { DedicatedConnection, Endpoint, RawReply, SendOptions, WireArg } from "@beeredis/core";
import { TransportError } from "@beeredis/core";
import { Redis, type RedisOptions } from "ioredis";
import { withDeadline } from "./deadline.js";
import { PinnedConnection } from "./pinned-connection.js";
import { poolLabel } from "./pool-label.js";
import { rawCommand } from "./raw-command.js";
import { toError, toRawReply } from "./replies.js";
import { quit, runBatch } from "./run-batch.js";

/** Idle connections kept for reuse; more are opened on demand and closed when given back. */
const MAX_IDLE = 4;

/**
 * Connections lent to one caller at a time: blocking commands (BLPOP, XREAD BLOCK, WAIT...) so a long block
 * never stalls the shared connection, and WATCH transactions so watched keys never leak between callers.
 * A connection given back in a clean state is reused.
 */
export class DedicatedConnections {
  private readonly idle: PinnedConnection[] = [];
  private readonly lent = new Set<LentConnection>();
  private closed = false;

  constructor(
    private readonly options: RedisOptions,
    private readonly endpoint: Endpoint,
  ) {}

  /** Lends a connection; it connects on its first command, and carries commands once pinned to the database. */
  acquire(): DedicatedConnection {
    let pinned = this.idle.pop();
    while (pinned !== undefined && !pinned.isPinned) {
      pinned.client.disconnect();
      pinned = this.idle.pop();
    }
    const connection = new LentConnection(pinned ?? this.open(), this.endpoint, (c, reusable) =>
      this.giveBack(c, reusable),
    );
    this.lent.add(connection);
    return connection;
  }

  async close(): Promise<void> {
    this.closed = true;
    const lent = [...this.lent];
    this.lent.clear();
    for (const connection of lent) connection.abandon();
    await Promise.all(this.idle.splice(0).map((pinned) => quit(pinned.client)));
  }

  private giveBack(connection: LentConnection, reusable: boolean): Promise<void> {
    this.lent.delete(connection);
    const client = connection.pinned.client;
    if (!reusable) {
      // Its state is unknown (a timeout: perhaps a dead link), and it has no command timeout: a QUIT could wait
      // forever for its reply, and with it the caller. Cut it instead.
      client.disconnect();
      return Promise.resolve();
    }
    if (!this.closed && this.idle.length < MAX_IDLE && connection.pinned.isPinned) {
      this.idle.push(connection.pinned);
      return Promise.resolve();
    }
    return quit(client);
  }

  private open(): PinnedConnection {
    // No ioredis command timeout: a block is the expected wait. Each send carries its own deadline (block time
    // plus command timeout, see LentConnection); a timed-out connection is dropped, not reused.
    const client = new Redis({ ...this.options, commandTimeout: undefined });
    client.on("error", () => undefined);
    return new PinnedConnection(client, this.endpoint);
  }
}

class LentConnection implements DedicatedConnection {
  /** A timeout or a lost connection: its state is unknown, so it is never reused. */
  private broken = false;
  private released = false;
  private abandoned = false;

  constructor(
    readonly pinned: PinnedConnection,
    private readonly endpoint: Endpoint,
    private readonly giveBack: (connection: LentConnection, reusable: boolean) => Promise<void>,
  ) {}

  send(argv: readonly WireArg[], options: SendOptions): Promise<RawReply> {
    return this.run(options.timeoutMs, this.write, argv);
  }

  batch(commands: readonly (readonly WireArg[])[], options: SendOptions): Promise<RawReply[]> {
    return this.run(options.timeoutMs, this.writeBatch, commands);
  }

  release(options: { readonly discard?: boolean } = {}): Promise<void> {
    if (this.released) return Promise.resolve();
    this.released = true;
    return this.giveBack(this, !options.discard && !this.broken).catch(() => undefined);
  }

  /** The transport closed while this connection was lent: drop it; pending commands reject. */
  abandon(): void {
    this.broken = true;
    this.released = true;
    this.abandoned = true;
    this.pinned.client.disconnect();
  }

  private readonly write = (argv: readonly WireArg[]): Promise<RawReply> => {
    const command = rawCommand(argv);
    this.pinned.client.sendCommand(command);
    return command.promise.then(toRawReply);
  };

  private readonly writeBatch = (commands: readonly (readonly WireArg[])[]): Promise<RawReply[]> =>
    runBatch(this.pinned.client, commands, false, this.endpoint);

  /** Runs `write(arg)` once the connection is pinned, within `timeoutMs` (the wait for the pin included). */
  private async run<A, T>(timeoutMs: number, write: (arg: A) => Promise<T>, arg: A): Promise<T> {
    if (this.released) {
      throw new TransportError(
        this.abandoned
          ? `${poolLabel(this.endpoint)} is closed.`
          : `${poolLabel(this.endpoint)}: this dedicated connection was already released.`,
        { sent: false, reason: this.abandoned ? "the pool is closed" : "the connection was released" },
      );
    }
    try {
      return await withDeadline(this.pinned.run(timeoutMs, write, arg), timeoutMs, () => {
        this.broken = true;
        return new TransportError(`${poolLabel(this.endpoint)}: timed out after ${timeoutMs} ms.`, {
          timedOut: true,
          reason: `timed out after ${timeoutMs} ms`,
        });
      });
    } catch (error) {
      const converted = toError(error, this.endpoint);
      if (converted instanceof TransportError) this.broken = true;
      throw converted;
    }
  }
}
