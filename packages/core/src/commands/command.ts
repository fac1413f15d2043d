import { InvalidArgumentError, ReplyError } from "../errors.js";
import type { RawReply, WireArg } from "../transport.js";

/** A key: text or raw bytes. */
export type Key = string | Uint8Array;
/** A stored value: text, raw bytes, or a number (sent in its decimal form). */
export type Value = string | number | bigint | Uint8Array;
/** Anything that can be an argument of a command. */
export type Arg = string | number | bigint | Uint8Array;

/** Turns a raw reply into the method's typed result. */
export type Decoder<T> = (reply: RawReply) => T;

/** One Redis command: its encoded argv and how its reply is decoded. Pool methods are one-liners over these. */
export interface Command<T> {
  readonly argv: WireArg[];
  readonly decode: Decoder<T>;
  /**
   * Turns an expected error reply into a result (XGROUP CREATE's BUSYGROUP into `false`). Returns `undefined`
   * for any other error, which then rejects (or stays a `ReplyError` entry in a batch) as usual.
   */
  readonly recover?: (error: ReplyError) => T | undefined;
}

/**
 * Builds a {@link Command}. The first element is the command name in upper case.
 * @throws InvalidArgumentError for an argument that is not a string, finite number, bigint or Uint8Array.
 */
export function command<T>(args: readonly Arg[], decode: Decoder<T>): Command<T> {
  const argv: WireArg[] = new Array(args.length);
  for (let i = 0; i < args.length; i++) argv[i] = encodeArg(args[i], args[0], i);
  return { argv, decode };
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

/** A short description of a bad value for error messages (never its full contents). */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") return String(value);
  return typeof value;
}

/**
 * The result {@link Command.recover} makes of `error`, or `error` rethrown when it is not an expected one.
 * @internal
 */
export function recover<T>(cmd: Command<T>, error: unknown): T {
  const value = error instanceof ReplyError ? cmd.recover?.(error) : undefined;
  if (value === undefined) throw error;
  return value;
}
