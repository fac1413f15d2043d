import type {
  BatchOptions,
  Capabilities,
  DedicatedConnection,
  Endpoint,
  RawReply,
  SendOptions,
  SubscriptionKind,
  SubscriptionListener,
  Transport,
  TransportSubscription,
  WireArg,
} from "@beeredis/core";
import { TransportError } from "@beeredis/core";
import { Redis, type RedisOptions } from "ioredis";
import { ConnectionGuard } from "./connection-guard.js";
import { DedicatedConnections } from "./dedicated-connections.js";
import { redisOptions } from "./options.js";
import { PinnedConnection } from "./pinned-connection.js";
import { poolLabel } from "./pool-label.js";
import { asBatchEntry, quit, runBatch } from "./run-batch.js";
import { SharedCommand } from "./shared-command.js";
import { Subscribers } from "./subscriber.js";
import { TickBatcher } from "./tick-batcher.js";

/** What the TCP transport can carry. */
export const TCP_CAPABILITIES: Capabilities = {
  name: "tcp (@beeredis/ioredis)",
  maxBlockingMs: Number.POSITIVE_INFINITY,
  pubsub: true,
  watch: true,
  databases: true,
  cluster: false,
};

/**
 * One pool's connections: a shared one for ordinary commands, and dedicated ones lent per call for blocking
 * commands and WATCH transactions, so neither can stall or leak state into the shared one. Every one of them
 * carries commands only while pinned to the pool's database (see pinned-connection.ts).
 */
export class TcpTransport implements Transport {
  private readonly client: Redis;
  private readonly pinned: PinnedConnection;
  private readonly guard: ConnectionGuard;
  private readonly batcher: TickBatcher | undefined;
  private readonly subscribers: Subscribers;
  private readonly dedicatedConnections: DedicatedConnections;
  private closed = false;

  constructor(
    private readonly endpoint: Endpoint,
    options: { autoPipelining: boolean; redisOptions: Partial<RedisOptions> },
  ) {
    const base = redisOptions(endpoint, options.redisOptions);
    // The guard keeps the command timeout, with one timer for the connection instead of one per command.
    this.client = new Redis({ ...base, commandTimeout: undefined });
    // Errors reach callers through their commands; the event only needs a listener so Node does not crash.
    this.client.on("error", () => undefined);
    this.pinned = new PinnedConnection(this.client, endpoint);
    this.guard = new ConnectionGuard(this.client, endpoint, base.commandTimeout);
    this.batcher = options.autoPipelining ? new TickBatcher(this.guard) : undefined;
    this.subscribers = new Subscribers(base, endpoint);
    this.dedicatedConnections = new DedicatedConnections(base, endpoint);
  }

  send(argv: readonly WireArg[], options: SendOptions): Promise<RawReply> {
    if (this.closed) return Promise.reject(this.closedError());
    if (options.blocking) return this.onDedicated((connection) => connection.send(argv, options));
    return this.pinned.run(options.timeoutMs, this.write, argv);
  }

  async batch(commands: readonly (readonly WireArg[])[], options: BatchOptions): Promise<RawReply[]> {
    if (this.closed) throw this.closedError();
    if (options.blocking) return this.onDedicated((connection) => connection.batch(commands, options));
    const write = options.atomic ? this.writeTransaction : this.writePipeline;
    return this.pinned.run(options.timeoutMs, write, commands);
  }

  /** SUBSCRIBE/PSUBSCRIBE/SSUBSCRIBE on a connection of its own (see subscriber.ts). */
  async subscribe(
    kind: SubscriptionKind,
    names: readonly WireArg[],
    listener: SubscriptionListener,
    options: SendOptions,
  ): Promise<TransportSubscription> {
    if (this.closed) throw this.closedError();
    return this.subscribers.subscribe(kind, names, listener, options.timeoutMs);
  }

  /** A connection lent to one caller, for WATCH transactions (see dedicated-connections.ts). */
  async dedicated(): Promise<DedicatedConnection> {
    if (this.closed) throw this.closedError();
    return this.dedicatedConnections.acquire();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([quit(this.client), this.subscribers.close(), this.dedicatedConnections.close()]);
  }

  /**
   * Writes one command on the shared connection (it is pinned). Bound once: no closure per command. Script calls
   * batch like the rest: since callers answered in one burst send again in one write, batching them raised
   * rate-limit decisions at 50 in flight by 1.2–1.8× (apps/bench rate-limit, gcra with and without auto-pipelining).
   */
  private readonly write = (argv: readonly WireArg[]): Promise<RawReply> => {
    if (this.batcher) return this.batcher.send(argv);
    const command = new SharedCommand(argv, this.guard);
    this.guard.send(command);
    return command.promise;
  };

  /**
   * A pipeline's commands go out like single ones (in one write), each with its own reply and timeout: cheaper
   * than an ioredis Pipeline, and in order with commands issued before it.
   */
  private readonly writePipeline = (commands: readonly (readonly WireArg[])[]): Promise<RawReply[]> => {
    let replies: Promise<RawReply>[];
    if (this.batcher) {
      replies = this.batcher.sendMany(commands);
    } else {
      const built = commands.map((argv) => new SharedCommand(argv, this.guard));
      this.guard.sendAll(built);
      replies = built.map((command) => command.promise);
    }
    return Promise.all(replies.map(asBatchEntry));
  };

  private readonly writeTransaction = (commands: readonly (readonly WireArg[])[]): Promise<RawReply[]> =>
    this.guard.bounded(runBatch(this.client, commands, true, this.endpoint));

  /** Runs one call on a lent connection; one left in an unknown state (a timeout) is dropped, not reused. */
  private async onDedicated<T>(run: (connection: DedicatedConnection) => Promise<T>): Promise<T> {
    const connection = this.dedicatedConnections.acquire();
    try {
      return await run(connection);
    } finally {
      await connection.release();
    }
  }

  private closedError(): TransportError {
    return new TransportError(`${poolLabel(this.endpoint)} is closed.`, {
      sent: false,
      reason: "the pool is closed",
    });
  }
}
