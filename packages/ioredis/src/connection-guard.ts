import type { Endpoint, RawReply } from "@beeredis/core";
import type { Redis } from "ioredis";
import { BatchWriter } from "./batch-writer.js";
import { MAX_TIMER_MS, withDeadline } from "./deadline.js";
import { LostReplyError } from "./lost-reply.js";
import { COMMAND_TIMED_OUT, isCommandTimeout, toError, toRawReply } from "./replies.js";
import type { ReplyHandler, SharedCommand } from "./shared-command.js";

/**
 * Keeps the shared connection's replies in step with its commands.
 * - A command that timed out may never get its reply (a blackholed network, a hung server). ioredis keeps it at
 *   the head of its reply queue, so every later reply would be handed to the wrong command. After a timeout the
 *   connection is therefore dropped and reconnected.
 * - When a connection closes, ioredis (with re-sending off) forgets the commands still waiting for replies
 *   without rejecting them; they are rejected here at once instead of at their timeouts.
 * - Command timeouts are kept here rather than by ioredis' `commandTimeout`, which arms and clears a timer per
 *   command: about a fifth of the client's CPU per GET at one call in flight (measured in apps/bench). One timer
 *   (the watchdog) waits for the oldest command's deadline instead; replies come in order, so when the oldest has
 *   its reply in time, the next deadline is the one to watch.
 */
export class ConnectionGuard implements ReplyHandler {
  /**
   * The commands written to the connection, oldest first, from `head` on; settled ones are cleared from the front.
   * A plain array rather than a Set: a long-lived Set holding each young command made every scavenge slow
   * (7–10 ms instead of under 1 ms at 50 in flight, measured with --trace-gc), costing about a third of the
   * client's CPU per command. Replies come in order, so the front is almost always the one that settled.
   */
  private inflight: (SharedCommand | undefined)[] = [];
  /** When each command of `inflight` times out (`performance.now()` ms), at the same index; empty with no timeout. */
  private deadlines: number[] = [];
  private head = 0;
  /** Armed while commands are in flight (it may outlive them: it then finds nothing to time out and stops). */
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  /** Why the connection last failed, until it is ready again: named in the errors of commands it failed. */
  private connectionError: Error | undefined;
  /**
   * Set when a timed-out command had the connection dropped, until it has closed: the commands stuck behind it
   * time out together, and one drop serves them all (each `disconnect()` adds a listener to the closing socket).
   */
  private dropping = false;
  /**
   * Replies settled since the connection last wrote. More than one means a burst of callers was just answered
   * and is likely to send again within this turn of the event loop (see {@link quiet}).
   */
  private repliesSinceWrite = 0;

  /** The command timeout in ms, or `undefined` for none (ioredis' `commandTimeout` of the connection's options). */
  private readonly timeoutMs: number | undefined;

  constructor(
    private readonly client: Redis,
    private readonly endpoint: Endpoint,
    timeoutMs: number | undefined,
  ) {
    this.timeoutMs = timeoutMs !== undefined && timeoutMs <= MAX_TIMER_MS ? timeoutMs : undefined;
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
      this.deadlines = [];
      this.head = 0;
      for (const command of lost) {
        if (!command!.isSettled) command!.reject(new LostReplyError());
      }
    });
  }

  /**
   * True when no command written to the connection is waiting for its reply and it was not just answered in a
   * burst: a command sent now is likely alone, so it is best written at once. After a burst of replies (many
   * callers in flight), the callers' next commands follow within the same microtask drain and are best batched
   * into one write, as they were sent: writing the first alone cost a second write and read per batch on both
   * sides (half the batch size; Redis' CPU per command +40% at 50 in flight, measured with INFO stats).
   */
  get quiet(): boolean {
    return this.head === this.inflight.length && this.repliesSinceWrite < 2;
  }

  /** A shared command's reply, converted for core (called by the command as ioredis settles it). */
  replied(reply: unknown): RawReply {
    this.repliesSinceWrite++;
    this.dropSettled();
    return toRawReply(reply);
  }

  /** A shared command's failure, as the error its caller gets; a timeout drops the connection (see above). */
  failed(error: unknown): Error {
    this.repliesSinceWrite++;
    this.dropSettled();
    if (isCommandTimeout(error)) this.reconnect();
    return toError(error, this.endpoint, this.connectionError);
  }

  /**
   * Sends `command` on the shared connection. One written to a ready connection is tracked until it settles;
   * one refused by ioredis (not connected: its offline queue is off) is rejected by it at once.
   */
  send(command: SharedCommand): void {
    const written = this.client.status === "ready";
    this.client.sendCommand(command);
    if (written) this.track(command, this.deadline());
  }

  /** Sends `commands` in order (see {@link send}) in one socket write. */
  sendAll(commands: readonly SharedCommand[]): void {
    const stream = this.client.stream;
    if (commands.length === 1 || this.client.status !== "ready" || stream === undefined) {
      for (const command of commands) this.send(command);
      return;
    }
    const writer = new BatchWriter();
    const deadline = this.deadline();
    for (const command of commands) {
      // With a stream, ioredis queues the command for its reply and writes its bytes there, not to the socket.
      this.client.sendCommand(command, writer as unknown as Parameters<Redis["sendCommand"]>[1]);
      this.track(command, deadline);
    }
    writer.flush(stream);
  }

  /** When a command written now times out (`performance.now()` ms); 0 without a command timeout. */
  private deadline(): number {
    return this.timeoutMs === undefined ? 0 : performance.now() + this.timeoutMs;
  }

  /** Tracks a command written to the connection until it settles, and keeps the watchdog armed. */
  private track(command: SharedCommand, deadline: number): void {
    this.repliesSinceWrite = 0;
    this.inflight.push(command);
    if (this.timeoutMs !== undefined) {
      this.deadlines.push(deadline);
      if (this.watchdog === undefined) this.arm(this.timeoutMs);
    }
  }

  /**
   * `work` (a transaction on the connection), rejected with a timed-out `TransportError` when it has not settled
   * within the command timeout; the connection is then dropped, as after a single command's timeout.
   */
  bounded<T>(work: Promise<T>): Promise<T> {
    if (this.timeoutMs === undefined) return work;
    return withDeadline(work, this.timeoutMs, () => {
      this.reconnect();
      return toError(new Error(COMMAND_TIMED_OUT), this.endpoint, this.connectionError);
    });
  }

  private arm(ms: number): void {
    const timer = setTimeout(this.check, Math.ceil(ms));
    // Commands in flight keep the process alive through their socket; the watchdog alone must not.
    (timer as { unref?: () => void }).unref?.();
    this.watchdog = timer;
  }

  /** Rejects the commands whose deadline passed, oldest first (the first one drops the connection). */
  private readonly check = (): void => {
    this.watchdog = undefined;
    this.dropSettled();
    const now = performance.now();
    const due: SharedCommand[] = [];
    for (let i = this.head; i < this.inflight.length; i++) {
      const command = this.inflight[i]!;
      if (command.isSettled) continue;
      const wait = this.deadlines[i]! - now;
      if (wait > 0) {
        this.arm(wait);
        break;
      }
      due.push(command);
    }
    // Rejected once the walk is over: a rejection settles the command at once, which clears it from `inflight`.
    for (const command of due) command.reject(new Error(COMMAND_TIMED_OUT));
  };

  /** Clears the settled commands at the front; compacts once many slots are cleared. */
  private dropSettled(): void {
    const inflight = this.inflight;
    let head = this.head;
    while (head < inflight.length && inflight[head]!.isSettled) inflight[head++] = undefined;
    if (head === inflight.length) {
      this.inflight = [];
      this.deadlines = [];
      this.head = 0;
    } else if (head > 1024) {
      this.inflight = inflight.slice(head);
      this.deadlines = this.deadlines.slice(head);
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
