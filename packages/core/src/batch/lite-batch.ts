import type { Command } from "../commands/command.js";
import { now, timed } from "../observe/hooks.js";
import type { PoolRuntime } from "../registry/pool-runtime.js";
import type { BatchOptions } from "../transport.js";
import { CommandRecording, decodeEntry } from "./recording.js";

/**
 * Commands recorded now and sent together on `exec()`: a pipeline (one round trip, not atomic) or a MULTI/EXEC
 * transaction (atomic), recorded with `call()`. `RedisPool`'s {@link Batch} adds a method per command.
 * Each result is the decoded value or the error that command got (see {@link BatchEntryError}), in order.
 * Every command is checked (forbidden commands, bad arguments) when recorded, so a bad one throws at once.
 * @example const [n] = await pool.multi().call("INCR", "hits").exec();
 */
export class LiteBatch<
  T extends unknown[] = [],
  K extends "lite" | "batch" = "lite",
> extends CommandRecording<K, T> {
  /** @internal */
  constructor(
    runtime: PoolRuntime,
    /** True for MULTI/EXEC, false for a plain pipeline. */
    readonly atomic: boolean,
  ) {
    super(runtime);
  }

  /** Sends every recorded command in one round trip. Rejects when an atomic transaction was aborted. */
  async exec(): Promise<T> {
    const queued = this.queued.splice(0);
    if (queued.length === 0) return [] as unknown as T;
    const runtime = this.runtime;
    let options: BatchOptions = this.atomic ? runtime.atomicOptions : runtime.pipelineOptions;
    if (!this.atomic) {
      // A pipeline holding a blocking command must not stall the shared connection: the longest block decides.
      let longest: Command<unknown> | undefined;
      for (const cmd of queued) {
        if (cmd.blockMs === undefined) continue;
        if (longest === undefined || cmd.blockMs > (longest.blockMs as number)) longest = cmd;
      }
      if (longest !== undefined) options = { ...runtime.blockingOptions(longest), atomic: false };
    }
    const commands = queued.map((cmd) => cmd.argv);
    const observer = runtime.observer;
    const start = observer === undefined ? 0 : now();
    const sent = runtime.connection().batch(commands, options).catch(runtime.toError);
    const replies = await (observer === undefined
      ? sent
      : timed(sent, start, (ms, error) => observer.batch(this.atomic, commands, ms, error)));
    return queued.map((cmd, i) => decodeEntry(cmd, replies[i] ?? null)) as unknown as T;
  }
}
