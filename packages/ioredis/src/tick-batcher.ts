import type { RawReply, WireArg } from "@beeredis/core";
import type { ConnectionGuard } from "./connection-guard.js";
import { SharedCommand } from "./shared-command.js";

/**
 * Auto-pipelining: commands issued while replies are outstanding, before the current microtask queue drains, leave
 * in one socket write. A command issued on a quiet connection (no reply outstanding, nothing queued, not just
 * answered in a burst: see `ConnectionGuard.quiet`) is written at once: waiting would only add latency, as nothing
 * else is likely to join it (measured in apps/bench: 10% of throughput at one call in flight). Under load the
 * connection is never quiet, so commands batch.
 * Commands go to ioredis one by one (each keeps its own reply and Buffer encoding), their bytes joined into one
 * socket write (see `ConnectionGuard.sendAll`). ioredis' own auto-pipelining cannot be used because it drops the
 * Buffer reply encoding, and a Pipeline object per batch costs more than the write it saves.
 */
export class TickBatcher {
  private queue: SharedCommand[] = [];

  constructor(private readonly guard: ConnectionGuard) {}

  send(argv: readonly WireArg[]): Promise<RawReply> {
    const command = new SharedCommand(argv, this.guard);
    if (this.queue.length === 0 && this.guard.quiet) this.guard.send(command);
    else if (this.queue.push(command) === 1) queueMicrotask(this.flush);
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
    this.queue = [];
    this.guard.sendAll(queue);
  };
}

function promiseOf(command: SharedCommand): Promise<RawReply> {
  return command.promise;
}
