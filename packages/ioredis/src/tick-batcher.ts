import type { RawReply, WireArg } from "@beeredis/core";
import type { ConnectionGuard } from "./connection-guard.js";
import { SharedCommand } from "./shared-command.js";

/**
 * Auto-pipelining: commands issued while replies are outstanding, before the current microtask queue drains, leave
 * in one socket write. A command issued on a quiet connection (no reply outstanding, nothing queued, not just
 * answered in a burst: see `ConnectionGuard.quiet`) is written at once: waiting would only add latency, as nothing
 * else is likely to join it (measured in apps/bench: 10% of throughput at one call in flight). Under load the
 * connection is never quiet, so commands batch; a batch whose commands will keep Redis busy (see `BATCH_COST`)
 * leaves before the tick ends, so Redis and this process work at the same time.
 * Commands go to ioredis one by one (each keeps its own reply and Buffer encoding), their bytes joined into one
 * socket write (see `ConnectionGuard.sendAll`). ioredis' own auto-pipelining cannot be used because it drops the
 * Buffer reply encoding, and a Pipeline object per batch costs more than the write it saves.
 */
export class TickBatcher {
  private queue: SharedCommand[] = [];
  /** The Redis time the queued commands are expected to take, in units of a plain command's. */
  private queuedCost = 0;

  constructor(private readonly guard: ConnectionGuard) {}

  send(argv: readonly WireArg[]): Promise<RawReply> {
    const command = new SharedCommand(argv, this.guard);
    if (this.queue.length === 0 && this.guard.quiet) {
      this.guard.send(command);
      return command.promise;
    }
    if (this.queue.push(command) === 1) queueMicrotask(this.flush);
    this.queuedCost += redisCost(argv[0]);
    // Redis runs a batch only once it has it, and the callers send their next commands only once the whole batch
    // is answered: with costly commands (scripts) Redis and this process would take turns. A batch that will keep
    // Redis busy leaves now, so Redis runs it while the callers still queue the rest.
    if (this.queuedCost >= BATCH_COST) this.flush();
    return command.promise;
  }

  /**
   * A pipeline's commands, in order, each with its own reply. They are a batch already, so they leave at once in
   * one write, unless commands issued before them still wait for the end of the tick: they then join those.
   */
  sendMany(argvs: readonly (readonly WireArg[])[]): Promise<RawReply>[] {
    const commands = argvs.map((argv) => new SharedCommand(argv, this.guard));
    if (this.queue.length === 0) {
      this.guard.sendAll(commands);
    } else {
      for (const command of commands) this.queue.push(command);
    }
    return commands.map(promiseOf);
  }

  private readonly flush = (): void => {
    const queue = this.queue;
    if (queue.length === 0) return; // sent early (see `send`) before the end of the tick came
    this.queue = [];
    this.queuedCost = 0;
    this.guard.sendAll(queue);
  };
}

/**
 * A batch is written before the end of the tick once its commands' cost reaches this: 25 scripts, or 250 plain
 * commands. Measured in apps/bench at 50 in flight: rate-limit scripts +30% throughput in batches of 25, where
 * GET/SET lost a quarter in batches of 25 and gained nothing from splitting.
 */
const BATCH_COST = 250;

/** Roughly how much longer than a plain command Redis takes to run one script. */
const SCRIPT_COST = 10;

/** The Redis cost of a command named `name`, in plain commands: scripts and functions cost more. */
function redisCost(name: WireArg | undefined): number {
  if (typeof name !== "string") return 1;
  const first = name.charCodeAt(0) | 0x20; // lower case
  if (first !== 0x65 && first !== 0x66) return 1; // neither "e" (EVAL...) nor "f" (FCALL...)
  const upper = name.toUpperCase();
  return upper.startsWith("EVAL") || upper.startsWith("FCALL") ? SCRIPT_COST : 1;
}

function promiseOf(command: SharedCommand): Promise<RawReply> {
  return command.promise;
}
