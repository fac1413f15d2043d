import type {
  BatchOptions,
  Capabilities,
  Endpoint,
  RawReply,
  SendOptions,
  Transport,
  WireArg,
} from "@beeredis/core";
import { TransportError } from "@beeredis/core";
import { Redis, type RedisOptions } from "ioredis";
import { BlockingConnections } from "./blocking-connections.js";
import { redisOptions } from "./options.js";
import { toError, toRawReply } from "./replies.js";
import { quit, runBatch } from "./run-batch.js";
import { rawCommand, TickBatcher } from "./tick-batcher.js";

/** What the TCP transport can carry. */
export const TCP_CAPABILITIES: Capabilities = {
  name: "tcp (@beeredis/ioredis)",
  maxBlockingMs: Number.POSITIVE_INFINITY,
  pubsub: true,
  watch: true,
  databases: true,
  cluster: false,
};

/** One pool's connections: a shared one for ordinary commands and dedicated ones for blocking commands. */
export class TcpTransport implements Transport {
  readonly capabilities = TCP_CAPABILITIES;
  private readonly client: Redis;
  private readonly batcher: TickBatcher | undefined;
  private readonly blocking: BlockingConnections;
  private closed = false;

  constructor(
    private readonly endpoint: Endpoint,
    options: { autoPipelining: boolean; redisOptions: Partial<RedisOptions> },
  ) {
    const base = redisOptions(endpoint, options.redisOptions);
    this.client = new Redis(base);
    // Errors reach callers through their commands; the event only needs a listener so Node does not crash.
    this.client.on("error", () => undefined);
    this.batcher = options.autoPipelining ? new TickBatcher(this.client, endpoint.code) : undefined;
    this.blocking = new BlockingConnections(base, endpoint.code);
  }

  send(argv: readonly WireArg[], options: SendOptions): Promise<RawReply> {
    if (this.closed) return Promise.reject(this.closedError());
    if (options.blocking) return this.blocking.send(argv, options.timeoutMs);
    if (this.batcher) return this.batcher.send(argv);
    const command = rawCommand(argv);
    this.client.sendCommand(command);
    return command.promise.then(toRawReply, (error) => {
      throw toError(error, this.endpoint.code);
    });
  }

  async batch(commands: readonly (readonly WireArg[])[], options: BatchOptions): Promise<RawReply[]> {
    if (this.closed) throw this.closedError();
    if (options.blocking) return this.blocking.batch(commands, options.timeoutMs);
    return runBatch(this.client, commands, options.atomic, this.endpoint.code);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([quit(this.client), this.blocking.close()]);
  }

  private closedError(): TransportError {
    return new TransportError(`Redis pool "${this.endpoint.code}" is closed.`);
  }
}
