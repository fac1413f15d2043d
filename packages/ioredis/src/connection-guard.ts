import type { Endpoint, RawReply } from "@beeredis/core";
import type { Command, Redis } from "ioredis";
import { LostReplyError } from "./lost-reply.js";
import { isCommandTimeout, toError, toRawReply } from "./replies.js";

/**
 * Keeps the shared connection's replies in step with its commands.
 * - A command that timed out may never get its reply (a blackholed network, a hung server). ioredis keeps it at
 *   the head of its reply queue, so every later reply would be handed to the wrong command. After a timeout the
 *   connection is therefore dropped and reconnected.
 * - When a connection closes, ioredis (with re-sending off) forgets the commands still waiting for replies
 *   without rejecting them; they are rejected here at once instead of at their timeouts.
 */
export class ConnectionGuard {
  /**
   * The commands written to the connection, oldest first, from `head` on; settled ones are cleared from the front.
   * A plain array rather than a Set: a long-lived Set holding each young command made every scavenge slow
   * (7–10 ms instead of under 1 ms at 50 in flight, measured with --trace-gc), costing about a third of the
   * client's CPU per command. Replies come in order, so the front is almost always the one that settled.
   */
  private inflight: (Command | undefined)[] = [];
  private head = 0;
  /** Why the connection last failed, until it is ready again: named in the errors of commands it failed. */
  private connectionError: Error | undefined;
  /**
   * Set when a timed-out command had the connection dropped, until it has closed: the commands stuck behind it
   * time out together, and one drop serves them all (each `disconnect()` adds a listener to the closing socket).
   */
  private dropping = false;

  constructor(
    private readonly client: Redis,
    private readonly endpoint: Endpoint,
  ) {
    client.on("error", (error: Error) => {
      this.connectionError = error;
    });
    client.on("ready", () => {
      this.connectionError = undefined;
    });
    client.on("close", () => {
      this.dropping = false;
      const lost = this.inflight.slice(this.head);
      this.inflight = [];
      this.head = 0;
      for (const command of lost) {
        if (!command!.isSettled) command!.reject(new LostReplyError());
      }
    });
  }

  /** The command's reply, converted for core; settling it also ends its tracking. */
  reply(command: Command): Promise<RawReply> {
    return command.promise.then(this.settledWith, this.failedWith);
  }

  // Bound once, so a command's reply costs no closures.
  private readonly settledWith = (reply: unknown): RawReply => {
    this.dropSettled();
    return toRawReply(reply);
  };

  private readonly failedWith = (error: unknown): never => {
    this.dropSettled();
    if (isCommandTimeout(error)) this.reconnect();
    throw toError(error, this.endpoint, this.connectionError);
  };

  /**
   * Sends `command` on the shared connection. One written to a ready connection is tracked until it settles;
   * one queued while disconnected is left to ioredis, which sends it once connected (it never left).
   */
  send(command: Command): void {
    const written = this.client.status === "ready";
    this.client.sendCommand(command);
    if (written) this.inflight.push(command);
  }

  /** Clears the settled commands at the front; compacts once many slots are cleared. */
  private dropSettled(): void {
    const inflight = this.inflight;
    let head = this.head;
    while (head < inflight.length && inflight[head]!.isSettled) inflight[head++] = undefined;
    if (head === inflight.length) {
      this.inflight = [];
      this.head = 0;
    } else if (head > 1024) {
      this.inflight = inflight.slice(head);
      this.head = 0;
    } else {
      this.head = head;
    }
  }

  private reconnect(): void {
    if (this.dropping) return;
    if (this.client.status === "ready" || this.client.status === "connect") {
      this.dropping = true;
      this.client.disconnect(true);
    }
  }
}
