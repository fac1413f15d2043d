/** @module What every batch shares: commands recorded now, checked as they are recorded, sent later. */
import { callCommand } from "../commands/call.js";
import type { Arg, Command } from "../commands/command.js";
import { asCallBytesReply, asCallReply, type CallBytesReply, type CallReply } from "../commands/decode.js";
import type { CommandBuilders } from "../commands/index.js";
import { isReplyError, type ReplyError, type TransportError } from "../errors.js";
import type { PoolRuntime } from "../registry/pool-runtime.js";
import type { RawReply } from "../transport.js";
import type { Batch } from "./batch.js";
import type { LiteBatch } from "./lite-batch.js";
import type { WatchMulti } from "./watch-transaction.js";

/**
 * A batch entry that failed: the error reply its command got, or a `TransportError` when its reply could not be
 * decoded (a server answering in an unexpected shape).
 */
export type BatchEntryError = ReplyError | TransportError;

/** Each recording class by name, holding the results `T`, so one mapped type serves them all. @internal */
export interface RecordingOf<T extends unknown[]> {
  lite: LiteBatch<T>;
  batch: Batch<T>;
  watch: WatchMulti<T>;
}

/** One method per command of a recording: each queues one command and returns it with that result's type added. */
export type CommandRecorders<K extends keyof RecordingOf<[]>, T extends unknown[]> = {
  [M in keyof CommandBuilders]: CommandBuilders[M] extends (...args: infer A) => Command<infer R>
    ? (...args: A) => RecordingOf<[...T, R | BatchEntryError]>[K]
    : never;
};

/**
 * The recording part of `pipeline()`, `multi()` and `tx.multi()`: each subclass sends what it recorded in its own
 * way. `K` names the subclass, so that recording returns it with the new result's type added to `T`.
 */
export abstract class CommandRecording<K extends keyof RecordingOf<[]>, T extends unknown[]> {
  /** @internal */
  readonly queued: Command<unknown>[] = [];

  /** @internal */
  constructor(
    /** The pool's runtime: commands are recorded as it sends them (in its namespace, if it has one). */
    protected readonly runtime: PoolRuntime,
  ) {}

  /** How many commands are recorded. */
  get length(): number {
    return this.queued.length;
  }

  /** Records any command, like `pool.call()`. */
  call(name: string, ...args: Arg[]): RecordingOf<[...T, CallReply | BatchEntryError]>[K] {
    return this.record(callCommand(name, args, asCallReply)) as never;
  }

  /** Records any command, like `pool.callBytes()`: bulk strings come back as bytes. */
  callBytes(name: string, ...args: Arg[]): RecordingOf<[...T, CallBytesReply | BatchEntryError]>[K] {
    return this.record(callCommand(name, args, asCallBytesReply)) as never;
  }

  /** @internal */
  record(cmd: Command<unknown>): this {
    this.queued.push(this.runtime.prepare(cmd));
    return this;
  }
}

/** One result of a batch: the decoded value, or the error it got (after the command's own `recover`). @internal */
export function decodeEntry(cmd: Command<unknown>, reply: RawReply): unknown {
  if (isReplyError(reply)) return cmd.recover?.(reply) ?? reply;
  try {
    return cmd.decode(reply);
  } catch (error) {
    return error;
  }
}
