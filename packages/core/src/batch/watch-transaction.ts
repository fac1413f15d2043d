/** @module The `tx` of `pool.watch(keys, fn)`: reads on the watched connection, and the writes to commit. */
import { blockingMs } from "../commands/blocking.js";
import { callCommand } from "../commands/call.js";
import { type Arg, type Command, recover } from "../commands/command.js";
import { asCallBytesReply, asCallReply, type CallBytesReply, type CallReply } from "../commands/decode.js";
import { assertAllowed, commandName } from "../commands/forbidden.js";
import type { CommandBuilders, CommandMethods } from "../commands/index.js";
import { installCommands } from "../commands/install.js";
import { InvalidArgumentError, type ReplyError } from "../errors.js";
import type { PoolRuntime } from "../registry/pool-runtime.js";
import type { DedicatedConnection } from "../transport.js";

/** The recording methods of {@link WatchMulti}: each queues one command and adds its result's type. */
export type WatchMultiRecorders<T extends unknown[]> = {
  [K in keyof CommandBuilders]: CommandBuilders[K] extends (...args: infer A) => Command<infer R>
    ? (...args: A) => WatchMulti<[...T, R | ReplyError]>
    : never;
};

/**
 * The writes of one `pool.watch()` attempt, recorded with `tx.multi()` and returned from `fn`. `pool.watch()`
 * sends them in MULTI/EXEC on the watched connection and resolves to each command's result (or `ReplyError`),
 * in order. Every command is checked (forbidden commands, bad arguments) when recorded.
 */
export interface WatchMulti<T extends unknown[] = []> extends WatchMultiRecorders<T> {}
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the command methods are installed on the prototype in the constructor.
export class WatchMulti<T extends unknown[] = []> {
  /** @internal */
  readonly queued: Command<unknown>[] = [];

  /** @internal */
  constructor(
    /** @internal */
    readonly owner: WatchTransaction,
  ) {
    installCommands(WatchMulti.prototype, "record");
  }

  /** How many commands are recorded. */
  get length(): number {
    return this.queued.length;
  }

  /** Records any command, like `pool.call()`. */
  call(name: string, ...args: Arg[]): WatchMulti<[...T, CallReply | ReplyError]> {
    return this.record(callCommand(name, args, asCallReply)) as never;
  }

  /** Records any command, like `pool.callBytes()`: bulk strings come back as bytes. */
  callBytes(name: string, ...args: Arg[]): WatchMulti<[...T, CallBytesReply | ReplyError]> {
    return this.record(callCommand(name, args, asCallBytesReply)) as never;
  }

  /** @internal */
  record(cmd: Command<unknown>): this {
    assertAllowed(cmd.argv);
    this.queued.push(cmd);
    return this;
  }
}

/**
 * The `tx` given to `pool.watch(keys, fn)`: every command method, sent on the connection that holds the WATCH,
 * for the reads that decide what to write; and {@link multi} to record those writes. It is only usable while
 * `fn` of its attempt runs. Writing through `tx` methods directly is possible but not part of the transaction.
 * @example
 * await pool.watch("balance", async (tx) => {
 *   const balance = Number(await tx.get("balance"));
 *   return tx.multi().set("balance", balance - 10);
 * });
 */
export interface WatchTransaction extends CommandMethods {}
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the command methods are installed on the prototype in the constructor.
export class WatchTransaction {
  private ended = false;

  /** @internal */
  constructor(
    private readonly runtime: PoolRuntime,
    private readonly connection: DedicatedConnection,
  ) {
    installCommands(WatchTransaction.prototype, "execute");
  }

  /** Starts recording the writes to commit; return it from `fn`. */
  multi(): WatchMulti {
    return new WatchMulti(this);
  }

  /** Sends any command on the watched connection, like `pool.call()`. */
  call(name: string, ...args: Arg[]): Promise<CallReply> {
    return this.guard(() => this.execute(callCommand(name, args, asCallReply)));
  }

  /** Like {@link call}, but bulk strings come back as bytes. */
  callBytes(name: string, ...args: Arg[]): Promise<CallBytesReply> {
    return this.guard(() => this.execute(callCommand(name, args, asCallBytesReply)));
  }

  /** @internal */
  end(): void {
    this.ended = true;
  }

  /** @internal */
  execute<R>(cmd: Command<R>): Promise<R> {
    if (this.ended) {
      throw new InvalidArgumentError(
        "watch: tx was used after its fn returned; await every tx call inside fn and return tx.multi().",
      );
    }
    const runtime = this.runtime;
    assertAllowed(cmd.argv);
    const block = blockingMs(cmd.argv);
    const options =
      block === undefined ? runtime.sendOptions : runtime.blockingOptions(block, commandName(cmd.argv[0]));
    const result = this.connection.send(cmd.argv, options).then(cmd.decode, runtime.toError);
    return cmd.recover ? result.catch((error: unknown) => recover(cmd, error)) : result;
  }

  private guard<R>(run: () => Promise<R>): Promise<R> {
    try {
      return run();
    } catch (error) {
      return Promise.reject(error);
    }
  }
}
