import type { Arg, Command } from "../commands/command.js";
import type { CallBytesReply, CallReply } from "../commands/decode.js";
import type { CommandBuilders } from "../commands/index.js";
import { installCommands } from "../commands/install.js";
import type { PoolRuntime } from "../registry/pool-runtime.js";
import { LiteBatch } from "./lite-batch.js";
import type { BatchEntryError } from "./recording.js";

/** The batch's recording methods: each queues one command and returns the batch with that result's type added. */
export type BatchRecorders<T extends unknown[]> = {
  [K in keyof CommandBuilders]: CommandBuilders[K] extends (...args: infer A) => Command<infer R>
    ? (...args: A) => Batch<[...T, R | BatchEntryError]>
    : never;
};

/**
 * Commands recorded now and sent together on `exec()`: a pipeline (one round trip, not atomic) or a MULTI/EXEC
 * transaction (atomic). Each result is the decoded value or the error that command got (see
 * {@link BatchEntryError}), in order.
 * Every command is checked (forbidden commands, bad arguments) when recorded, so a bad one throws at once.
 * @example const [n, v] = await pool.multi().incr("hits").get("name").exec();
 */
export interface Batch<T extends unknown[] = []> extends BatchRecorders<T> {
  /** Records any command, like `pool.call()`. */
  call(name: string, ...args: Arg[]): Batch<[...T, CallReply | BatchEntryError]>;
  /** Records any command, like `pool.callBytes()`: bulk strings come back as bytes. */
  callBytes(name: string, ...args: Arg[]): Batch<[...T, CallBytesReply | BatchEntryError]>;
}
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the command methods are installed on the prototype.
export class Batch<T extends unknown[] = []> extends LiteBatch<T> {
  /** @internal */
  constructor(runtime: PoolRuntime, atomic: boolean) {
    super(runtime, atomic);
    installCommands(Batch.prototype, "record");
  }
}
