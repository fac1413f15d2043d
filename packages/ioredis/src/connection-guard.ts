import type { RawReply } from "@beeredis/core";
import type { Command, Redis } from "ioredis";
import { toError, toRawReply } from "./replies.js";

/**
 * Keeps the shared connection's replies in step with its commands.
 * - A command that timed out may never get its reply (a blackholed network, a hung server). ioredis keeps it at
 *   the head of its reply queue, so every later reply would be handed to the wrong command. After a timeout the
 *   connection is therefore dropped and reconnected.
 * - When a connection closes, ioredis (with re-sending off) forgets the commands still waiting for replies
 *   without rejecting them; they are rejected here at once instead of at their timeouts.
 */
export class ConnectionGuard {
  private readonly pending = new Set<Command>();

  constructor(
    private readonly client: Redis,
    private readonly pool: string,
  ) {
    client.on("close", () => {
      const lost = [...this.pending];
      this.pending.clear();
      for (const command of lost) command.reject(new Error("Connection closed before the reply arrived"));
    });
  }

  /** The command's reply, converted for core; settling it also ends its tracking. */
  reply(command: Command): Promise<RawReply> {
    return command.promise.then(
      (reply) => {
        this.pending.delete(command);
        return toRawReply(reply);
      },
      (error: unknown) => {
        this.pending.delete(command);
        if (error instanceof Error && error.message === "Command timed out") this.reconnect();
        throw toError(error, this.pool);
      },
    );
  }

  /**
   * Sends `command` on the shared connection. One written to a ready connection is tracked until it settles;
   * one queued while disconnected is left to ioredis, which sends it once connected (it never left).
   */
  send(command: Command): void {
    const written = this.client.status === "ready";
    this.client.sendCommand(command);
    if (written) this.pending.add(command);
  }

  private reconnect(): void {
    if (this.client.status === "ready" || this.client.status === "connect") this.client.disconnect(true);
  }
}
