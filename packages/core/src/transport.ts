/** @module The one boundary an adapter implements: argv in, reply out, plus capabilities. */
import type { ReplyError } from "./errors.js";

/** One encoded command argument. Strings are sent as UTF-8. */
export type WireArg = string | Uint8Array;

/**
 * A reply as a transport hands it to core, before decoding.
 * - every string reply (simple or bulk) is a `Uint8Array`;
 * - an integer is a `number`, or a `bigint` when beyond ±(2^53−1);
 * - a nil is `null`;
 * - an error nested in an array (EXEC, pipelines) is a {@link ReplyError}.
 */
export type RawReply = null | number | bigint | Uint8Array | ReplyError | RawReply[];

/** What a transport can carry. Core turns a missing capability into an `UnsupportedError`. */
export interface Capabilities {
  /** The transport's name in error messages, such as `"tcp (@beeredis/ioredis)"`. */
  readonly name: string;
  /** Longest server-side block (BLPOP, XREAD BLOCK, WAIT) it can carry, in ms. `Infinity` on TCP, `0` for none. */
  readonly maxBlockingMs: number;
  /** SUBSCRIBE/PSUBSCRIBE on a dedicated connection. */
  readonly pubsub: boolean;
  /** WATCH-based transactions on a dedicated connection. */
  readonly watch: boolean;
  /** Any database index can be chosen per pool (TCP). HTTP endpoints serve the database their token maps to. */
  readonly databases: boolean;
  /** Redis Cluster topology. */
  readonly cluster: boolean;
}

/** Options of one round trip. */
export interface SendOptions {
  /**
   * The transport must settle the call within this many ms, rejecting with `TransportError`.
   * `Infinity` means no limit (a blocking command with timeout 0).
   */
  readonly timeoutMs: number;
  /** The command blocks server-side; run it where it cannot stall other commands. */
  readonly blocking?: boolean;
}

/** Options of a batch: pipelined (non-atomic) or MULTI/EXEC (atomic). */
export interface BatchOptions extends SendOptions {
  readonly atomic: boolean;
}

/**
 * A live connection (or connection set) for one pool. What it can carry is declared by its factory
 * ({@link TransportFactory.capabilities}), which core reads before the first command.
 */
export interface Transport {
  /** Sends one command. Rejects with `ReplyError` for an error reply and `TransportError` for anything else. */
  send(argv: readonly WireArg[], options: SendOptions): Promise<RawReply>;
  /**
   * Sends commands in one round trip. Resolves to one entry per command, in order; an error reply is a
   * `ReplyError` entry. For an atomic batch the transaction is all-or-nothing: if EXEC is aborted it rejects.
   */
  batch(commands: readonly (readonly WireArg[])[], options: BatchOptions): Promise<RawReply[]>;
  /** Closes every connection. Pending calls reject with `TransportError`. */
  close(): Promise<void>;
  /**
   * Subscribes on a connection of its own (pub/sub mode takes a connection over). Required when the factory
   * declares `capabilities.pubsub`. Resolves once the server confirmed every subscription, within
   * `options.timeoutMs`; rejects with `TransportError` (and holds no connection) otherwise.
   * While it is open the transport may reconnect and re-subscribe; messages published meanwhile are lost.
   */
  subscribe?(
    kind: SubscriptionKind,
    names: readonly WireArg[],
    listener: SubscriptionListener,
    options: SendOptions,
  ): Promise<TransportSubscription>;
  /**
   * Lends a connection used by one caller only, for state that must not leak between callers (WATCH).
   * Required when the factory declares `capabilities.watch`. It connects lazily, on the first command.
   */
  dedicated?(): Promise<DedicatedConnection>;
}

/** What a subscription listens to: SUBSCRIBE channels, PSUBSCRIBE patterns or SSUBSCRIBE shard channels. */
export type SubscriptionKind = "channel" | "pattern" | "shard";

/** One pub/sub message as a transport hands it to core, every part as raw bytes. */
export interface RawPubSubMessage {
  /** The channel it was published to. */
  readonly channel: Uint8Array;
  readonly message: Uint8Array;
  /** The subscribed pattern that matched, for `"pattern"` subscriptions only. */
  readonly pattern?: Uint8Array;
}

/** Receives a subscription's events. Both are called synchronously, in arrival order, and must not throw. */
export interface SubscriptionListener {
  /** One message. */
  message(message: RawPubSubMessage): void;
  /**
   * The subscription ended without its `close()`: with an error when its connection is gone for good, without
   * one when the transport itself was closed (the registry was closed). Called at most once.
   */
  end(error?: Error): void;
}

/** A live subscription on its own connection. */
export interface TransportSubscription {
  /**
   * Unsubscribes and closes the connection. Idempotent; never rejects. Once it resolves no more messages are
   * delivered and, on a connection of its own (TCP), the server no longer counts the subscriber (PUBSUB NUMSUB).
   * Over HTTP the stream is aborted and the endpoint unsubscribes as soon as it sees the request gone.
   */
  close(): Promise<void>;
}

/** A connection lent to one caller: commands sent on it are not mixed with anyone else's (WATCH transactions). */
export interface DedicatedConnection {
  /** Sends one command on this connection. Rejects like {@link Transport.send}. */
  send(argv: readonly WireArg[], options: SendOptions): Promise<RawReply>;
  /**
   * Sends commands in one round trip on this connection, pipelined, in order. Resolves to one entry per
   * command; an error reply is a `ReplyError` entry. Core uses it for `MULTI ... EXEC` after WATCH.
   */
  batch(commands: readonly (readonly WireArg[])[], options: SendOptions): Promise<RawReply[]>;
  /**
   * Gives the connection back. With `discard` (its state is unknown: a timeout, an error mid-transaction) it is
   * closed instead of being reused. Idempotent; never rejects.
   */
  release(options?: { readonly discard?: boolean }): Promise<void>;
}

/** Where and how one pool connects, as the registry resolved it. */
export interface Endpoint {
  /** The pool code, for error messages. */
  readonly code: string;
  readonly address: ParsedAddress;
  readonly db: number;
  /** Per-command timeout in ms. */
  readonly commandTimeoutMs: number;
  /** Connect timeout in ms. */
  readonly connectTimeoutMs: number;
  readonly username?: string;
  readonly password?: string;
  readonly token?: string;
  /** The Sentinels' own password, for a `sentinel` address. */
  readonly sentinelPassword?: string;
  readonly tls?: boolean | Record<string, unknown>;
}

/** One `host:port` of a multi-node topology (Redis Cluster seed nodes, Sentinels). */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** A parsed pool address. */
export type ParsedAddress =
  | { readonly kind: "tcp"; readonly host: string; readonly port: number; readonly tls: boolean }
  | { readonly kind: "unix"; readonly path: string }
  | { readonly kind: "http"; readonly url: string }
  /** Redis Cluster: the seed nodes (any reachable subset of the cluster); the client discovers the rest. */
  | { readonly kind: "cluster"; readonly nodes: readonly HostPort[]; readonly tls: boolean }
  /** Redis Sentinel: the master set's name and the Sentinels to ask for its current master. */
  | {
      readonly kind: "sentinel";
      readonly masterName: string;
      readonly sentinels: readonly HostPort[];
      readonly tls: boolean;
    };

/**
 * What `tcp()` or `http()` returns: creates a {@link Transport} for each pool, and is the one place that declares
 * what those transports can carry.
 */
export interface TransportFactory {
  /** What the transports it creates can carry (and its name in messages), unless {@link capabilitiesFor} refines it. */
  readonly capabilities: Capabilities;
  /** What the transport it would create for `endpoint` can carry, when that depends on the topology (Cluster). */
  capabilitiesFor?(endpoint: Endpoint): Capabilities;
  /** The address kinds it can connect to. */
  readonly accepts: readonly ParsedAddress["kind"][];
  /** Creates the transport for one pool. It must not connect until the first command. */
  create(endpoint: Endpoint): Transport;
  /** Checks an endpoint offline at `validate()` time; returns a sentence saying what is wrong, if anything. */
  check?(endpoint: Endpoint): string | undefined;
}
