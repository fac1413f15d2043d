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

/** A live connection (or connection set) for one pool. */
export interface Transport {
  readonly capabilities: Capabilities;
  /** Sends one command. Rejects with `ReplyError` for an error reply and `TransportError` for anything else. */
  send(argv: readonly WireArg[], options: SendOptions): Promise<RawReply>;
  /**
   * Sends commands in one round trip. Resolves to one entry per command, in order; an error reply is a
   * `ReplyError` entry. For an atomic batch the transaction is all-or-nothing: if EXEC is aborted it rejects.
   */
  batch(commands: readonly (readonly WireArg[])[], options: BatchOptions): Promise<RawReply[]>;
  /** Closes every connection. Pending calls reject with `TransportError`. */
  close(): Promise<void>;
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
  readonly tls?: boolean | Record<string, unknown>;
}

/** A parsed pool address. */
export type ParsedAddress =
  | { readonly kind: "tcp"; readonly host: string; readonly port: number; readonly tls: boolean }
  | { readonly kind: "unix"; readonly path: string }
  | { readonly kind: "http"; readonly url: string };

/** What `tcp()` or `http()` returns: creates a {@link Transport} for each pool. */
export interface TransportFactory {
  /** The capabilities every transport it creates declares. */
  readonly capabilities: Capabilities;
  /** The address kinds it can connect to. */
  readonly accepts: readonly ParsedAddress["kind"][];
  /** Creates the transport for one pool. It must not connect until the first command. */
  create(endpoint: Endpoint): Transport;
}
