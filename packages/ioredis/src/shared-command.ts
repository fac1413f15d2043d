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
 * own promise with four closures, applies ioredis' argument transformers and looks up its reply transformer: a
 * shared command does none of that, so its arguments are sent and its reply returned exactly as they are (Buffer
 * replies, no reply encoding), like `rawCommand`'s, whatever the spelling of its name (see `ioredisName`).
 */
export class SharedCommand extends Command {
  declare private readonly handler: ReplyHandler;
  declare private settle: (reply: RawReply) => void;
  declare private fail: (error: Error) => void;
  /** The name as the caller spelled it: what is sent (Redis shows it in SLOWLOG and MONITOR). */
  declare private readonly spelling: string;

  constructor(argv: readonly WireArg[], handler: ReplyHandler) {
    // Command copies its arguments with `flat()` (a fifth of its cost here): they are set after it instead.
    super(ioredisName(argv[0] as string), NO_ARGS);
    this.spelling = argv[0] as string;
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

  /** The command's bytes, with its name as the caller spelled it (ioredis writes `name`, see `ioredisName`). */
  override toWritable(socket: object): string | Buffer {
    const name = this.name;
    this.name = this.spelling;
    const bytes = super.toWritable(socket);
    this.name = name;
    return bytes;
  }
}

/**
 * Names ioredis handles specially (those in its flag lists, and those it compares exactly, such as `select`): they
 * keep the caller's spelling, so ioredis treats them as it always did.
 */
const SPELLED_OUT = new Set<string>([
  ...Object.values(Command.FLAGS).flat(),
  "multi",
  "exec",
  "asking",
  "eval",
  "blmovem",
  "ssubscribe",
]);
const ioredisNames = new Map<string, string>();
/** Enough for every command of Redis; past it (many module commands), a name is worked out on every call. */
const MAX_IOREDIS_NAMES = 1024;

/**
 * The name ioredis sees: in lower case, as ioredis spells its own commands. ioredis looks each command's name up
 * in its flag lists twice per command, lower-casing it each time: an upper-case name cost a new string and an
 * uncached lookup each time (about a tenth of the client's CPU per GET/SET at 50 and 500 in flight). Its reply
 * and argument transformers, keyed by lower-case names, never run for a shared command (see below). What is sent
 * keeps the caller's spelling (see `toWritable`).
 */
function ioredisName(name: string): string {
  let known = ioredisNames.get(name);
  if (known === undefined) {
    const lower = name.toLowerCase();
    known = SPELLED_OUT.has(lower) ? name : lower;
    if (ioredisNames.size < MAX_IOREDIS_NAMES) ioredisNames.set(name, known);
  }
  return known;
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
