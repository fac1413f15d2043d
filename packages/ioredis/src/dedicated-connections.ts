import type { DedicatedConnection, RawReply, SendOptions, WireArg } from "@beeredis/core";
import { TransportError } from "@beeredis/core";
import { Redis, type RedisOptions } from "ioredis";
import { withDeadline } from "./deadline.js";
import { toError, toRawReply } from "./replies.js";
import { quit, runBatch } from "./run-batch.js";
import { rawCommand } from "./tick-batcher.js";

/** Idle connections kept for reuse; more are opened on demand and closed when given back. */
const MAX_IDLE = 4;

/**
 * Connections lent to one caller at a time: blocking commands (BLPOP, XREAD BLOCK, WAIT...) so a long block
 * never stalls the shared connection, and WATCH transactions so watched keys never leak between callers.
 * A connection given back in a clean state is reused.
 */
export class DedicatedConnections {
  private readonly idle: Redis[] = [];
  private readonly lent = new Set<LentConnection>();
  private closed = false;

  constructor(
    private readonly options: RedisOptions,
    private readonly pool: string,
  ) {}

  /** Lends a connection; it connects on its first command. */
  acquire(): DedicatedConnection {
    let client = this.idle.pop();
    while (client !== undefined && client.status !== "ready") {
      client.disconnect();
      client = this.idle.pop();
    }
    const connection = new LentConnection(client ?? this.open(), this.pool, (c, reusable) =>
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
    await Promise.all(this.idle.splice(0).map(quit));
  }

  private giveBack(connection: LentConnection, reusable: boolean): Promise<void> {
    this.lent.delete(connection);
    const client = connection.client;
    if (!reusable) {
      // Its state is unknown (a timeout: perhaps a dead link), and it has no command timeout: a QUIT could wait
      // forever for its reply, and with it the caller. Cut it instead.
      client.disconnect();
      return Promise.resolve();
    }
    if (!this.closed && this.idle.length < MAX_IDLE && client.status === "ready") {
      this.idle.push(client);
      return Promise.resolve();
    }
    return quit(client);
  }

  private open(): Redis {
    // No ioredis command timeout: a block is the expected wait. Each send carries its own deadline (block time
    // plus command timeout, see LentConnection); a timed-out connection is dropped, not reused.
    const client = new Redis({ ...this.options, commandTimeout: undefined });
    client.on("error", () => undefined);
    return client;
  }
}

class LentConnection implements DedicatedConnection {
  /** A timeout or a lost connection: its state is unknown, so it is never reused. */
  private broken = false;
  private released = false;
  private abandoned = false;

  constructor(
    readonly client: Redis,
    private readonly pool: string,
    private readonly giveBack: (connection: LentConnection, reusable: boolean) => Promise<void>,
  ) {}

  send(argv: readonly WireArg[], options: SendOptions): Promise<RawReply> {
    return this.run(options.timeoutMs, () => {
      const command = rawCommand(argv);
      this.client.sendCommand(command);
      return command.promise.then(toRawReply);
    });
  }

  batch(commands: readonly (readonly WireArg[])[], options: SendOptions): Promise<RawReply[]> {
    return this.run(options.timeoutMs, () => runBatch(this.client, commands, false, this.pool));
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
    this.client.disconnect();
  }

  private async run<T>(timeoutMs: number, work: () => Promise<T>): Promise<T> {
    if (this.released) {
      throw new TransportError(
        this.abandoned
          ? `Redis pool "${this.pool}" is closed.`
          : `Redis pool "${this.pool}": this dedicated connection was already released.`,
      );
    }
    try {
      return await withDeadline(work(), timeoutMs, () => {
        this.broken = true;
        return new TransportError(`Redis pool "${this.pool}": a command timed out after ${timeoutMs} ms.`);
      });
    } catch (error) {
      const converted = toError(error, this.pool);
      if (converted instanceof TransportError) this.broken = true;
      throw converted;
    }
  }
}
