import { blockingMs } from "../commands/blocking.js";
import { callCommand } from "../commands/call.js";
import type { Arg, Command } from "../commands/command.js";
import { asCallBytesReply, asCallReply, type CallBytesReply, type CallReply } from "../commands/decode.js";
import { assertAllowed, commandName } from "../commands/forbidden.js";
import { ReplyError } from "../errors.js";
import type { PoolRuntime } from "../registry/pool-runtime.js";
import type { BatchOptions, RawReply } from "../transport.js";

/**
 * Commands recorded now and sent together on `exec()`: a pipeline (one round trip, not atomic) or a MULTI/EXEC
 * transaction (atomic), recorded with `call()`. `RedisPool`'s {@link Batch} adds a method per command.
 * Each result is the decoded value or the `ReplyError` that command got, in order.
 * Every command is checked (forbidden commands, bad arguments) when recorded, so a bad one throws at once.
 * @example const [n] = await pool.multi().call("INCR", "hits").exec();
 */
export class LiteBatch<T extends unknown[] = []> {
  /** @internal */
  readonly queued: Command<unknown>[] = [];

  /** @internal */
  constructor(
    private readonly runtime: PoolRuntime,
    /** True for MULTI/EXEC, false for a plain pipeline. */
    readonly atomic: boolean,
  ) {}

  /** How many commands are recorded. */
  get length(): number {
    return this.queued.length;
  }

  /** Records any command, like `pool.call()`. */
  call(name: string, ...args: Arg[]): LiteBatch<[...T, CallReply | ReplyError]> {
    return this.record(callCommand(name, args, asCallReply)) as never;
  }

  /** Records any command, like `pool.callBytes()`: bulk strings come back as bytes. */
  callBytes(name: string, ...args: Arg[]): LiteBatch<[...T, CallBytesReply | ReplyError]> {
    return this.record(callCommand(name, args, asCallBytesReply)) as never;
  }

  /** @internal */
  record(cmd: Command<unknown>): this {
    assertAllowed(cmd.argv);
    this.queued.push(cmd);
    return this;
  }

  /** Sends every recorded command in one round trip. Rejects when an atomic transaction was aborted. */
  async exec(): Promise<T> {
    const queued = this.queued.splice(0);
    if (queued.length === 0) return [] as unknown as T;
    const runtime = this.runtime;
    let options: BatchOptions = this.atomic ? runtime.atomicOptions : runtime.pipelineOptions;
    if (!this.atomic) {
      // A pipeline holding a blocking command must not stall the shared connection.
      let longest: Command<unknown> | undefined;
      let longestMs = -1;
      for (const cmd of queued) {
        const ms = blockingMs(cmd.argv);
        if (ms !== undefined && ms > longestMs) {
          longest = cmd;
          longestMs = ms;
        }
      }
      if (longest !== undefined) {
        options = { ...runtime.blockingOptions(longestMs, commandName(longest.argv[0])), atomic: false };
      }
    }
    const replies = await runtime
      .connection()
      .batch(
        queued.map((cmd) => cmd.argv),
        options,
      )
      .catch(runtime.toError);
    return queued.map((cmd, i) => decodeEntry(cmd, replies[i] ?? null)) as unknown as T;
  }
}

/** One result of a batch: the decoded value, or the error reply (after the command's own `recover`). @internal */
export function decodeEntry(cmd: Command<unknown>, reply: RawReply): unknown {
  if (reply instanceof ReplyError) return cmd.recover?.(reply) ?? reply;
  try {
    return cmd.decode(reply);
  } catch (error) {
    return error;
  }
}
