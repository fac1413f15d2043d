/** @module What every batch shares: commands recorded now, checked as they are recorded, sent later. */
import { callCommand } from "../commands/call.js";
import type { Arg, Command } from "../commands/command.js";
import { asCallBytesReply, asCallReply } from "../commands/decode.js";
import { isReplyError, type ReplyError, type TransportError } from "../errors.js";
import type { RawReply } from "../transport.js";

/**
 * A batch entry that failed: the error reply its command got, or a `TransportError` when its reply could not be
 * decoded (a server answering in an unexpected shape).
 */
export type BatchEntryError = ReplyError | TransportError;

/**
 * The recording part of `pipeline()`, `multi()` and `tx.multi()`: each subclass sends what it recorded in its own
 * way, and declares the typed result of `call`/`callBytes` for itself.
 */
export abstract class CommandRecording {
  /** @internal */
  readonly queued: Command<unknown>[] = [];

  /** How many commands are recorded. */
  get length(): number {
    return this.queued.length;
  }

  /** Records any command, like `pool.call()`. */
  call(name: string, ...args: Arg[]): unknown {
    return this.record(callCommand(name, args, asCallReply));
  }

  /** Records any command, like `pool.callBytes()`: bulk strings come back as bytes. */
  callBytes(name: string, ...args: Arg[]): unknown {
    return this.record(callCommand(name, args, asCallBytesReply));
  }

  /** @internal */
  record(cmd: Command<unknown>): this {
    this.queued.push(cmd);
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
