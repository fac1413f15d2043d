/** @module The `tx` of `pool.watch(keys, fn)`: reads on the watched connection, and the writes to commit. */
import { callCommand } from "../commands/call.js";
import type { Arg, Command } from "../commands/command.js";
import { asCallBytesReply, asCallReply, type CallBytesReply, type CallReply } from "../commands/decode.js";
import type { CommandMethods } from "../commands/index.js";
import { installCommands } from "../commands/install.js";
import { InvalidArgumentError } from "../errors.js";
import type { PoolRuntime } from "../registry/pool-runtime.js";
import type { DedicatedConnection } from "../transport.js";
import { type CommandRecorders, CommandRecording } from "./recording.js";

/** The recording methods of {@link WatchMulti}: each queues one command and adds its result's type. */
export type WatchMultiRecorders<T extends unknown[]> = CommandRecorders<"watch", T>;

/**
 * The writes of one `pool.watch()` attempt, recorded with `tx.multi()` and returned from `fn`. `pool.watch()`
 * sends them in MULTI/EXEC on the watched connection and resolves to each command's result (or the error it got,
 * see {@link BatchEntryError}), in order. Every command is checked (forbidden commands, bad arguments) when
 * recorded.
 */
export interface WatchMulti<T extends unknown[] = []> extends WatchMultiRecorders<T> {}
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the command methods are installed on the prototype in the constructor.
export class WatchMulti<T extends unknown[] = []> extends CommandRecording<"watch", T> {
  /** @internal */
  constructor(
    /** @internal */
    readonly owner: WatchTransaction,
    runtime: PoolRuntime,
  ) {
    super(runtime);
    installCommands(WatchMulti.prototype, "record");
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
    return new WatchMulti(this, this.runtime);
  }

  /** Sends any command on the watched connection, like `pool.call()`. */
  call(name: string, ...args: Arg[]): Promise<CallReply> {
    return this.execute(callCommand<CallReply>, [name, args, asCallReply]);
  }

  /** Like {@link call}, but bulk strings come back as bytes. */
  callBytes(name: string, ...args: Arg[]): Promise<CallBytesReply> {
    return this.execute(callCommand<CallBytesReply>, [name, args, asCallBytesReply]);
  }

  /** @internal */
  end(): void {
    this.ended = true;
  }

  /** Builds and sends one command on the watched connection, like the pool's (see `PoolRuntime.execute`). @internal */
  execute<A extends unknown[], R>(build: (...args: A) => Command<R>, args: A): Promise<R> {
    if (this.ended) {
      return Promise.reject(
        new InvalidArgumentError(
          "watch: tx was used after its fn returned; await every tx call inside fn and return tx.multi().",
        ),
      );
    }
    return this.runtime.execute(build, args, this.connection);
  }
}
