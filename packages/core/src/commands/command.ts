import { InvalidArgumentError, isReplyError, type ReplyError } from "../errors.js";
import type { RawReply, WireArg } from "../transport.js";

/** A key: text or raw bytes. */
export type Key = string | Uint8Array;
/** A stored value: text, raw bytes, or a number (sent in its decimal form). */
export type Value = string | number | bigint | Uint8Array;
/** Anything that can be an argument of a command. */
export type Arg = string | number | bigint | Uint8Array;

/** Turns a raw reply into the method's typed result. */
export type Decoder<T> = (reply: RawReply) => T;

/**
 * One Redis command: its encoded argv and how its reply is decoded. Pool methods are one-liners over these.
 * A builder knows its command is allowed (only `call()` takes a name from its caller, and checks it), and says
 * how long the command may block, so core never reads argv again to route it.
 */
export interface Command<T> {
  readonly argv: WireArg[];
  readonly decode: Decoder<T>;
  /**
   * How long the command may block server-side, in ms (`Infinity` for ever), when it blocks (BLPOP, XREAD BLOCK,
   * WAIT...): it then runs where it cannot stall the pool's other commands. `undefined` when it does not block.
   */
  readonly blockMs: number | undefined;
  /**
   * Turns an expected error reply into a result (XGROUP CREATE's BUSYGROUP into `false`). Returns `undefined`
   * for any other error, which then rejects (or stays a `ReplyError` entry in a batch) as usual.
   */
  readonly recover?: (error: ReplyError) => T | undefined;
}

/**
 * Builds a {@link Command}. The first element is the command name in upper case; `blockMs` is how long a blocking
 * command may block (see {@link Command.blockMs}).
 * @throws InvalidArgumentError for an argument that is not a string, finite number, bigint or Uint8Array.
 */
export function command<T>(args: readonly Arg[], decode: Decoder<T>, blockMs?: number): Command<T> {
  const argv: WireArg[] = new Array(args.length);
  for (let i = 0; i < args.length; i++) argv[i] = encodeArg(args[i], args[0], i);
  return { argv, decode, blockMs };
}

function encodeArg(arg: unknown, name: unknown, index: number): WireArg {
  if (typeof arg === "string" || arg instanceof Uint8Array) return arg;
  if (typeof arg === "number") {
    if (Number.isFinite(arg)) return String(arg);
    if (arg === Number.POSITIVE_INFINITY) return "+inf";
    if (arg === Number.NEGATIVE_INFINITY) return "-inf";
  }
  if (typeof arg === "bigint") return arg.toString();
  throw new InvalidArgumentError(
    `${String(name)}: argument ${index} must be a string, a finite number, a bigint or a Uint8Array; got ${describe(arg)}.`,
  );
}

/**
 * A short description of a bad value for error messages: a string quoted (its first 20 characters, never its full
 * contents), a number or other primitive as it is, and what kind of object anything else is.
 */
export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value);
  if (Array.isArray(value)) return "an array";
  if (typeof value === "function") return "a function";
  return typeof value === "object" && value !== null ? "an object" : String(value);
}

/**
 * The result {@link Command.recover} makes of `error`, or `error` rethrown when it is not an expected one.
 * @internal
 */
export function recover<T>(cmd: Command<T>, error: unknown): T {
  const value = isReplyError(error) ? cmd.recover?.(error) : undefined;
  if (value === undefined) throw error;
  return value;
}
