import type { RawReply, WireArg } from "@beeredis/core";
import { Command } from "ioredis";
import { toBufferArg } from "./raw-command.js";

/** Settles a shared command: converts its reply or error for core and keeps the connection's bookkeeping. */
export interface ReplyHandler {
  /** The command's reply as core's RawReply (throws when it cannot be converted). */
  replied(reply: unknown): RawReply;
  /** The error the command's caller gets. */
  failed(error: unknown): Error;
}

// `new Promise(capture)` leaves the new promise's resolving functions here: the executor runs synchronously, so
// they are read right after, and no closure is allocated per command.
const NO_ARGS: never[] = [];

let capturedResolve: (reply: RawReply) => void = () => undefined;
let capturedReject: (error: Error) => void = () => undefined;
function capture(resolve: (reply: RawReply) => void, reject: (error: Error) => void): void {
  capturedResolve = resolve;
  capturedReject = reject;
}

/**
 * An ioredis Command for the shared connection whose `promise` settles with core's RawReply (or converted error)
 * directly: ioredis calls `resolve`/`reject`, which convert and settle it through the connection's
 * {@link ReplyHandler}. A plain Command would cost another promise per call for the conversion, and builds its
 * own promise with four closures and a reply-transformer lookup (upper-case names never match one anyway).
 * It keeps Buffer replies (no reply encoding) and its name as given, like `rawCommand`.
 */
export class SharedCommand extends Command {
  declare private readonly handler: ReplyHandler;
  declare private settle: (reply: RawReply) => void;
  declare private fail: (error: Error) => void;

  constructor(argv: readonly WireArg[], handler: ReplyHandler) {
    // Command copies its arguments with `flat()` (a fifth of its cost here): they are set after it instead.
    super(argv[0] as string, NO_ARGS);
    const args: (string | Buffer)[] = new Array(argv.length - 1);
    for (let i = 1; i < argv.length; i++) args[i - 1] = toBufferArg(argv[i]!);
    this.args = args;
    this.handler = handler;
    this.stringifyArguments(); // notes Buffer arguments, for toWritable (Command does it when building its promise)
    this.promise = new Promise(capture);
    this.settle = capturedResolve;
    this.fail = capturedReject;
    this.resolve = onReply;
    this.reject = onError;
  }
}

/** Command's own promise is replaced by the one above: the constructor skips building it (see `initPromise`). */
(SharedCommand.prototype as unknown as { initPromise(): void }).initPromise = () => undefined;

function onReply(this: SharedCommand, reply: unknown): void {
  if (this.isSettled) return; // a reply after a timeout: the caller was answered already
  this.isResolved = true;
  this.isSettled = true;
  const self = this as unknown as SharedCommandState;
  let raw: RawReply;
  try {
    raw = self.handler.replied(reply);
  } catch (error) {
    self.fail(error as Error);
    return;
  }
  self.settle(raw);
}

function onError(this: SharedCommand, error: Error): void {
  if (this.isSettled) return;
  this.isSettled = true;
  const self = this as unknown as SharedCommandState;
  self.fail(self.handler.failed(error));
}

/** The private fields, for the two functions above (shared by every command rather than bound to each). */
interface SharedCommandState {
  handler: ReplyHandler;
  settle(reply: RawReply): void;
  fail(error: Error): void;
}
