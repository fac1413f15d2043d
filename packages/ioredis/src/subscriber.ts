import type {
  Endpoint,
  RawPubSubMessage,
  SubscriptionKind,
  SubscriptionListener,
  TransportSubscription,
  WireArg,
} from "@beeredis/core";
import { TransportError } from "@beeredis/core";
import { Redis, type RedisOptions } from "ioredis";
import { withDeadline } from "./deadline.js";
import { PinnedConnection } from "./pinned-connection.js";
import { poolLabel } from "./pool-label.js";
import { toBufferArg } from "./raw-command.js";
import { toError } from "./replies.js";

const utf8 = new TextEncoder();

/** The ioredis methods and message event of each kind of subscription. */
const KINDS = {
  channel: { subscribe: "subscribe", unsubscribe: "unsubscribe", event: "messageBuffer" },
  pattern: { subscribe: "psubscribe", unsubscribe: "punsubscribe", event: "pmessageBuffer" },
  shard: { subscribe: "ssubscribe", unsubscribe: "sunsubscribe", event: "smessageBuffer" },
} as const;

type SubscribeMethod = (...names: (string | Buffer)[]) => Promise<unknown>;

/** A Buffer's bytes as a plain Uint8Array view, without copying. */
function view(bytes: Buffer | string): Uint8Array {
  if (typeof bytes === "string") return utf8.encode(bytes);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Pub/sub subscriptions, each on its own connection (SUBSCRIBE takes a connection over). The connection comes
 * from the same options as the pool's shared one, and like it subscribes only once pinned to the pool's database
 * (pub/sub is server-wide, but a pool that refuses commands refuses them all). ioredis reconnects and
 * re-subscribes after a drop (messages published meanwhile are lost, as with any Redis pub/sub client); a
 * subscribed connection sends nothing else, so its database no longer matters then.
 */
export class Subscribers {
  private readonly open = new Set<TcpSubscription>();

  constructor(
    private readonly options: RedisOptions,
    private readonly endpoint: Endpoint,
  ) {}

  async subscribe(
    kind: SubscriptionKind,
    names: readonly WireArg[],
    listener: SubscriptionListener,
    timeoutMs: number,
  ): Promise<TransportSubscription> {
    const spec = KINDS[kind];
    // No command timeout: a subscribed connection gets no replies between messages. Subscribing is bounded below.
    const client = new Redis({ ...this.options, commandTimeout: undefined, autoResubscribe: true });
    client.on("error", () => undefined);
    const args = names.map(toBufferArg);
    const subscription = new TcpSubscription(client, spec.unsubscribe, args, timeoutMs, listener, this.open);
    if (kind === "pattern") {
      client.on(spec.event, (pattern: string, channel: Buffer, message: Buffer) =>
        listener.message({ pattern: view(pattern), channel: view(channel), message: view(message) }),
      );
    } else {
      client.on(spec.event, (channel: Buffer, message: Buffer) =>
        listener.message({ channel: view(channel), message: view(message ?? "") } satisfies RawPubSubMessage),
      );
    }
    const pinned = new PinnedConnection(client, this.endpoint);
    try {
      const method = (client[spec.subscribe] as SubscribeMethod).bind(client);
      await withDeadline(
        pinned.run(timeoutMs, (all) => method(...all), args),
        timeoutMs,
        () =>
          new TransportError(`${poolLabel(this.endpoint)}: subscribing timed out after ${timeoutMs} ms.`, {
            timedOut: true,
            reason: `subscribing timed out after ${timeoutMs} ms`,
          }),
      );
    } catch (error) {
      client.removeAllListeners(spec.event);
      client.disconnect();
      throw toError(error, this.endpoint);
    } finally {
      pinned.detach(); // subscribed or dropped: SELECT could not be sent on it any more
    }
    this.open.add(subscription);
    return subscription;
  }

  /** The transport is closing: every subscription ends cleanly and closes its connection. */
  async close(): Promise<void> {
    const all = [...this.open];
    this.open.clear();
    await Promise.all(all.map((subscription) => subscription.shutdown()));
  }
}

class TcpSubscription implements TransportSubscription {
  private closing: Promise<void> | undefined;

  constructor(
    private readonly client: Redis,
    private readonly unsubscribe: "unsubscribe" | "punsubscribe" | "sunsubscribe",
    private readonly names: (string | Buffer)[],
    private readonly timeoutMs: number,
    private readonly listener: SubscriptionListener,
    private readonly registry: Set<TcpSubscription>,
  ) {}

  /** Unsubscribes, then QUITs, each bounded by the command timeout; disconnects whatever happens. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.registry.delete(this);
    const client = this.client;
    for (const event of ["messageBuffer", "pmessageBuffer", "smessageBuffer"])
      client.removeAllListeners(event);
    const timeout = () => new Error("timed out");
    this.closing = (async () => {
      try {
        if (client.status === "ready") {
          const method = (client[this.unsubscribe] as SubscribeMethod).bind(client);
          await withDeadline(method(...this.names), this.timeoutMs, timeout);
          await withDeadline(client.quit(), this.timeoutMs, timeout);
        }
      } catch {
        // The connection is going away regardless.
      } finally {
        client.disconnect();
      }
    })();
    return this.closing;
  }

  /** Closed by the transport: tell core the subscription ended without an error, then close. */
  shutdown(): Promise<void> {
    if (!this.closing) this.listener.end();
    return this.close();
  }
}
