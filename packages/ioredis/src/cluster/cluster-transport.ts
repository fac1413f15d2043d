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
import { describeFailure, ReplyError, TransportError } from "@beeredis/core";
import type { Cluster, Redis, RedisOptions } from "ioredis";
import { withDeadline } from "../deadline.js";
import { poolLabel } from "../pool-label.js";
import { rawCommand } from "../raw-command.js";
import { toError, toRawReply } from "../replies.js";
import { quit, runBatch } from "../run-batch.js";
import { allMastersMerge, nextScanCursor, scanCursor } from "./all-masters.js";
import { createCluster } from "./client.js";
import { crossSlotMessage, singleSlot, slotOfKey } from "./keys.js";
import { LazyNodeConnection, NodeConnections } from "./node-connections.js";
import { runPipeline } from "./pipeline.js";
import { splitBySlot } from "./split.js";

/** What the TCP transport carries on Redis Cluster: database 0 only. */
export const CLUSTER_CAPABILITIES: Capabilities = {
  name: "tcp cluster (@beeredis/ioredis)",
  maxBlockingMs: Number.POSITIVE_INFINITY,
  pubsub: true,
  watch: true,
  databases: false,
  cluster: true,
};

/**
 * One pool on a Redis Cluster, through ioredis' Cluster (slot routing, MOVED/ASK, reconnection). On top of it:
 * multi-key commands split per slot, whole-dataset commands on every master, cross-slot pipelines grouped per
 * node, and dedicated connections on the node owning their keys.
 */
export class ClusterTransport implements Transport {
  private readonly cluster: Cluster;
  private readonly nodes: NodeConnections;
  private closed = false;

  /** Why the Cluster last failed to connect or to load its slot table, until it is ready again. */
  private lastError: Error | undefined;

  /** How to fail each command waiting for the Cluster to be ready (see {@link failWhenMisconfigured}). */
  private readonly held = new Set<(error: Error) => void>();

  constructor(
    private readonly endpoint: Endpoint,
    overrides: Partial<RedisOptions>,
  ) {
    this.cluster = createCluster(endpoint, overrides);
    this.nodes = new NodeConnections(endpoint, overrides);
    this.cluster.on("error", (error: Error) => {
      // "Failed to refresh slots cache." names the node's own answer in `lastNodeError`.
      this.lastError = (error as { lastNodeError?: Error }).lastNodeError ?? error;
      if (this.held.size > 0 && this.misconfigured()) {
        const held = this.heldError();
        for (const fail of this.held) fail(held);
        this.held.clear();
      }
    });
    this.cluster.on("ready", () => {
      this.lastError = undefined;
    });
  }

  /**
   * Sends one command, within `options.timeoutMs`: while every node is out of reach ioredis' Cluster holds a
   * command in its own queue, past any node's command timeout, so the deadline is kept here.
   */
  send(argv: readonly WireArg[], options: SendOptions): Promise<RawReply> {
    if (this.lostAll()) return Promise.reject(this.lostAllError());
    return this.withinTimeout(this.route(argv, options), options.timeoutMs);
  }

  /** Sends commands in one round trip per node, within `options.timeoutMs` (see {@link send}). */
  batch(commands: readonly (readonly WireArg[])[], options: BatchOptions): Promise<RawReply[]> {
    if (this.lostAll()) return Promise.reject(this.lostAllError());
    return this.withinTimeout(this.routeBatch(commands, options), options.timeoutMs);
  }

  /**
   * The Cluster lost every node and waits to reconnect: a command given to it now would sit in its queue and run
   * whenever it reconnects, long after its caller was told it failed. It is refused instead, unsent.
   */
  private lostAll(): boolean {
    const status = this.cluster.status;
    return status === "close" || status === "reconnecting" || (status !== "ready" && this.misconfigured());
  }

  /** A node answered that the pool is set up wrong (see `FailureReason.misconfigured`), and nothing since. */
  private misconfigured(): boolean {
    return this.lastError !== undefined && describeFailure(this.lastError).misconfigured === true;
  }

  private lostAllError(): TransportError {
    const known = this.misconfigured() ? describeFailure(this.lastError) : undefined;
    const reason = known?.reason ?? "no cluster node is reachable";
    const hint = known?.hint ?? "Are its nodes running?";
    return new TransportError(
      `${poolLabel(this.endpoint)}: ${reason}. ${hint} Nothing was sent; the pool reconnects by itself.`,
      { sent: false, unreachable: true, reason, ...(this.lastError ? { cause: this.lastError } : {}) },
    );
  }

  private async route(argv: readonly WireArg[], options: SendOptions): Promise<RawReply> {
    if (this.closed) throw this.closedError();
    if (options.blocking) {
      const connection = new LazyNodeConnection(this.nodes, (slot) => this.addressOf(slot));
      try {
        return await connection.send(argv, options);
      } finally {
        await connection.release();
      }
    }
    const name = String(argv[0]).toUpperCase();
    if (name === "SCAN") return this.scan(argv);
    // A channel's messages go through the master of the channel's slot, where its subscriptions listen: so
    // messages on one channel keep their order and PUBLISH counts those subscribers.
    if (name === "PUBLISH" && argv.length > 1) return this.sendToOwner(slotOfKey(argv[1]!), argv);
    if (name === "PUBSUB" && argv.length > 2 && /^(SHARD)?NUMSUB$/i.test(String(argv[1]))) {
      return this.sendToOwner(slotOfKey(argv[2]!), argv);
    }
    const merge = allMastersMerge(argv);
    if (merge) {
      const masters = await this.masters();
      return merge(await Promise.all(masters.map((node) => this.sendTo(node, argv).catch(asEntry))));
    }
    const split = splitBySlot(argv);
    if (split) {
      const replies = await Promise.all(split.parts.map((part) => this.sendOne(part.argv).catch(asEntry)));
      return split.merge(replies);
    }
    return this.sendOne(argv);
  }

  private async routeBatch(
    commands: readonly (readonly WireArg[])[],
    options: BatchOptions,
  ): Promise<RawReply[]> {
    if (this.closed) throw this.closedError();
    const client = this.cluster as unknown as Redis;
    if (options.atomic) {
      const slots = new Set(commands.map(singleSlot).filter((slot) => slot !== null));
      if (slots.has("cross") || slots.size > 1) throw new ReplyError(crossSlotMessage("multi()"));
      return runBatch(client, commands, true, this.endpoint);
    }
    await this.ready();
    return runPipeline(commands, {
      groupOf: (slot) => this.cluster.slots[slot]?.[0] ?? `slot ${slot}`,
      runGroup: (group) => runBatch(client, group, false, this.endpoint),
      runAlone: (argv) => this.route(argv, options).catch(asEntry),
    });
  }

  async subscribe(
    kind: SubscriptionKind,
    names: readonly WireArg[],
    listener: SubscriptionListener,
    options: SendOptions,
  ): Promise<TransportSubscription> {
    if (this.closed) throw this.closedError();
    if (kind === "shard" && new Set(names.map(slotOfKey)).size > 1) {
      throw new ReplyError(crossSlotMessage("SSUBSCRIBE"));
    }
    // Shard messages reach only their slot's master. Channel and pattern messages reach every node, but PUBLISH
    // goes through the channel's master (see send), so the subscription listens there.
    const slot = names.length > 0 ? slotOfKey(names[0]!) : null;
    const subscribers = this.nodes.subscribersOn(await this.addressOf(slot));
    return subscribers.subscribe(kind, names, listener, options.timeoutMs);
  }

  async dedicated(): Promise<DedicatedConnection> {
    if (this.closed) throw this.closedError();
    return new LazyNodeConnection(this.nodes, (slot) => this.addressOf(slot));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([quit(this.cluster as unknown as Redis), this.nodes.close()]);
  }

  private sendOne(argv: readonly WireArg[]): Promise<RawReply> {
    return this.sendTo(this.cluster, argv);
  }

  /** Sends to the master serving `slot` (for keyless commands that belong to a slot, such as PUBLISH). */
  private async sendToOwner(slot: number, argv: readonly WireArg[]): Promise<RawReply> {
    const address = await this.addressOf(slot);
    const node = (await this.masters()).find((n) => `${n.options.host}:${n.options.port}` === address);
    return this.sendTo(node ?? this.cluster, argv);
  }

  private sendTo(client: Cluster | Redis, argv: readonly WireArg[]): Promise<RawReply> {
    const command = rawCommand(argv);
    client.sendCommand(command);
    return command.promise.then(toRawReply, (error) => {
      throw toError(error, this.endpoint);
    });
  }

  /** SCAN every master in turn; see {@link scanCursor}. */
  private async scan(argv: readonly WireArg[]): Promise<RawReply> {
    const masters = await this.masters();
    const { index, cursor } = scanCursor(String(argv[1] ?? "0"));
    const node = masters[index];
    if (!node) throw new ReplyError(`ERR invalid cursor "${String(argv[1])}" for ${masters.length} masters`);
    const reply = (await this.sendTo(node, [argv[0]!, cursor, ...argv.slice(2)])) as RawReply[];
    const next = new TextDecoder("utf-8", { ignoreBOM: true }).decode(reply[0] as Uint8Array);
    return [new TextEncoder().encode(nextScanCursor(index, next, masters.length)), reply[1] ?? []];
  }

  /** The masters, ordered by address. */
  private async masters(): Promise<Redis[]> {
    await this.ready();
    const key = (node: Redis) => `${node.options.host}:${node.options.port}`;
    return this.cluster.nodes("master").sort((a, b) => key(a).localeCompare(key(b)));
  }

  /** `host:port` of the master serving `slot`, or of any master for keyless work. */
  private async addressOf(slot: number | null): Promise<string> {
    await this.ready();
    const owner = slot === null ? undefined : this.cluster.slots[slot]?.[0];
    if (owner) return owner;
    const [any] = await this.masters();
    if (!any)
      throw new TransportError(`${poolLabel(this.endpoint)}: no cluster master is reachable.`, {
        sent: false,
        unreachable: true,
        reason: "no cluster master is reachable",
      });
    return `${any.options.host}:${any.options.port}`;
  }

  /** Connects (once) and waits for the slot table. */
  private async ready(): Promise<void> {
    if (this.cluster.status === "ready") return;
    if (this.cluster.status === "wait") await this.cluster.connect().catch(() => undefined);
    if ((this.cluster.status as string) === "ready") return;
    await new Promise<void>((resolve, reject) => {
      const settle = (error?: TransportError) => {
        clearTimeout(timer);
        this.cluster.off("ready", onReady);
        this.cluster.off("error", onError);
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(() => {
        settle(
          new TransportError(
            `${poolLabel(this.endpoint)}: the cluster is not ready within ${this.endpoint.connectTimeoutMs} ms. Are its nodes running?`,
            { sent: false, unreachable: true, reason: "the cluster is not ready" },
          ),
        );
      }, this.endpoint.connectTimeoutMs);
      const onReady = () => settle();
      // A node answered that the pool is set up wrong (not a cluster node): no retry will help, so say it now.
      const onError = () => {
        if (this.misconfigured()) settle(this.lostAllError());
      };
      this.cluster.once("ready", onReady);
      this.cluster.on("error", onError);
    });
  }

  private withinTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
    const deadline = withDeadline(work, timeoutMs, () =>
      this.misconfigured()
        ? this.heldError()
        : new TransportError(
            `${poolLabel(this.endpoint)}: timed out after ${timeoutMs} ms. The command's outcome is unknown.`,
            { timedOut: true, reason: `timed out after ${timeoutMs} ms` },
          ),
    );
    // Before the Cluster is ready, a command waits in its queue: when a node then answers that the pool is set up
    // wrong, no wait will help, so the command fails at once rather than at its deadline.
    return this.cluster.status === "ready" ? deadline : this.failWhenMisconfigured(deadline);
  }

  private failWhenMisconfigured<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.held.add(reject);
      work.then(resolve, reject).finally(() => this.held.delete(reject));
    });
  }

  /**
   * The Cluster held a command while it could not load its slot table, and a node said why. The command stays in
   * the Cluster's queue, so it is not reported unsent.
   */
  private heldError(): TransportError {
    const { reason, hint } = describeFailure(this.lastError);
    return new TransportError(
      `${poolLabel(this.endpoint)}: ${reason}. ${hint} The command's outcome is unknown.`,
      {
        reason,
        cause: this.lastError,
      },
    );
  }

  private closedError(): TransportError {
    return new TransportError(`${poolLabel(this.endpoint)} is closed.`, {
      sent: false,
      reason: "the pool is closed",
    });
  }
}

/** A ReplyError becomes one entry of a merged or batched reply; anything else rejects the whole call. */
function asEntry(error: unknown): RawReply {
  if (error instanceof ReplyError) return error;
  throw error;
}
