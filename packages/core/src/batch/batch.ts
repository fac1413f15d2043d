import { installCommands } from "../commands/install.js";
import type { PoolRuntime } from "../registry/pool-runtime.js";
import { LiteBatch } from "./lite-batch.js";
import type { CommandRecorders } from "./recording.js";

/** The batch's recording methods: each queues one command and returns the batch with that result's type added. */
export type BatchRecorders<T extends unknown[]> = CommandRecorders<"batch", T>;

/**
 * Commands recorded now and sent together on `exec()`: a pipeline (one round trip, not atomic) or a MULTI/EXEC
 * transaction (atomic). Each result is the decoded value or the error that command got (see
 * {@link BatchEntryError}), in order.
 * Every command is checked (forbidden commands, bad arguments) when recorded, so a bad one throws at once.
 * @example const [n, v] = await pool.multi().incr("hits").get("name").exec();
 */
export interface Batch<T extends unknown[] = []> extends BatchRecorders<T> {}
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the command methods are installed on the prototype.
export class Batch<T extends unknown[] = []> extends LiteBatch<T, "batch"> {
  /** @internal */
  constructor(runtime: PoolRuntime, atomic: boolean) {
    super(runtime, atomic);
    installCommands(Batch.prototype, "record");
  }
}
