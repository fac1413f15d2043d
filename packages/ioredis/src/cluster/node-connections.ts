import type { DedicatedConnection, Endpoint, RawReply, SendOptions, WireArg } from "@beeredis/core";
import { ReplyError, TransportError } from "@beeredis/core";
import type { RedisOptions } from "ioredis";
import { DedicatedConnections } from "../dedicated-connections.js";
import { Subscribers } from "../subscriber.js";
import { singleNodeOptions } from "./client.js";
import { crossSlotMessage, singleSlot } from "./keys.js";

/**
 * Plain connections to single cluster nodes, one set per node address: dedicated connections (blocking
 * commands, WATCH) go to the node that owns their keys, and subscriptions to a node of their choice. They do
 * not follow a later failover of that node: a command on them then fails with TransportError.
 */
export class NodeConnections {
  private readonly dedicated = new Map<string, DedicatedConnections>();
  private readonly subscribers = new Map<string, Subscribers>();

  constructor(
    private readonly endpoint: Endpoint,
    private readonly overrides: Partial<RedisOptions>,
  ) {}

  dedicatedOn(address: string): DedicatedConnection {
    let pool = this.dedicated.get(address);
    if (!pool) {
      pool = new DedicatedConnections(this.options(address), this.endpoint);
      this.dedicated.set(address, pool);
    }
    return pool.acquire();
  }

  subscribersOn(address: string): Subscribers {
    let subscribers = this.subscribers.get(address);
    if (!subscribers) {
      subscribers = new Subscribers(this.options(address), this.endpoint);
      this.subscribers.set(address, subscribers);
    }
    return subscribers;
  }

  async close(): Promise<void> {
    const all = [...this.dedicated.values(), ...this.subscribers.values()];
    await Promise.all(all.map((pool) => pool.close()));
  }

  private options(address: string): RedisOptions {
    return singleNodeOptions(this.endpoint, this.overrides, address);
  }
}

/**
 * A dedicated connection whose node is chosen by its first command's keys (WATCH key...), then kept: every
 * later command must hash to the same slot, as on any cluster connection.
 */
export class LazyNodeConnection implements DedicatedConnection {
  private connection: DedicatedConnection | undefined;
  private slot: number | null = null;
  private released = false;

  constructor(
    private readonly nodes: NodeConnections,
    private readonly addressOf: (slot: number | null) => Promise<string>,
  ) {}

  async send(argv: readonly WireArg[], options: SendOptions): Promise<RawReply> {
    return (await this.on([argv])).send(argv, options);
  }

  async batch(commands: readonly (readonly WireArg[])[], options: SendOptions): Promise<RawReply[]> {
    return (await this.on(commands)).batch(commands, options);
  }

  async release(options?: { readonly discard?: boolean }): Promise<void> {
    this.released = true;
    await this.connection?.release(options);
  }

  private async on(commands: readonly (readonly WireArg[])[]): Promise<DedicatedConnection> {
    for (const argv of commands) {
      const slot = singleSlot(argv);
      if (slot === "cross" || (slot !== null && this.slot !== null && slot !== this.slot)) {
        throw new ReplyError(crossSlotMessage("a dedicated connection (WATCH, blocking commands)"));
      }
      if (slot !== null) this.slot = slot;
    }
    if (this.released) throw new TransportError("This dedicated connection was already released.");
    this.connection ??= this.nodes.dedicatedOn(await this.addressOf(this.slot));
    return this.connection;
  }
}
