/**
 * @module Which commands block server-side, and for how long, so they can be routed off the shared connection.
 * Builders of blocking commands know their timeout as a number ({@link secondsBlockMs}, {@link millisBlockMs});
 * `call()` reads it from the arguments ({@link blockingMs}). Timeouts are read with the server's own rules
 * (Redis 7.0 `getTimeoutFromObjectOrReply` and `xreadCommand`), so the block this side sees is the block Redis
 * will apply: a caller cannot hide a longer block behind a repeated option or a keyword-named group.
 */
import type { WireArg } from "../transport.js";
import { blockTimeout, keyList } from "./args.js";
import { type Arg, type Command, command, type Decoder, type Key } from "./command.js";
import { commandName, nameOf, optionWord } from "./forbidden.js";

/** The block in ms as Redis will apply it (`Infinity` for "forever"), or `undefined` when it does not block. */
type BlockReader = (argv: readonly WireArg[]) => number | undefined;

const lastArgSeconds: BlockReader = (argv) => secondsBlockMs(number(argv[argv.length - 1]));
const firstArgSeconds: BlockReader = (argv) => secondsBlockMs(number(argv[1]));
const lastArgMillis: BlockReader = (argv) => millisBlockMs(number(argv[argv.length - 1]));

/**
 * XREAD and XREADGROUP options, scanned as Redis does: `BLOCK ms` and `COUNT n` take one argument, `GROUP g c`
 * two, `NOACK` none, `STREAMS` ends the options. A later BLOCK replaces an earlier one. Anything else is a syntax
 * error, so the command does not run at all. Words compare as Redis compares them (see `optionWord`).
 */
const streamRead: BlockReader = (argv) => {
  let block: number | undefined;
  for (let i = 1; i < argv.length; i++) {
    const more = argv.length - i - 1;
    const option = optionWord(argv[i]);
    if (option === "BLOCK" && more > 0) block = millisBlockMs(number(argv[++i]));
    else if (option === "COUNT" && more > 0) i++;
    else if (option === "STREAMS" && more > 0) return block;
    else if (option === "GROUP" && more >= 2) i += 2;
    else if (option !== "NOACK") return undefined;
  }
  return undefined;
};

const BLOCKING: Readonly<Record<string, BlockReader>> = {
  BLPOP: lastArgSeconds,
  BRPOP: lastArgSeconds,
  BRPOPLPUSH: lastArgSeconds,
  BLMOVE: lastArgSeconds,
  BZPOPMIN: lastArgSeconds,
  BZPOPMAX: lastArgSeconds,
  BLMPOP: firstArgSeconds,
  BZMPOP: firstArgSeconds,
  XREAD: streamRead,
  XREADGROUP: streamRead,
  WAIT: lastArgMillis,
  WAITAOF: lastArgMillis,
};

/**
 * How long argv may block server-side in ms: `undefined` when it does not block, `Infinity` for "forever" (0).
 * A timeout this side cannot read counts as forever: Redis reads some that this parser does not ("0x0p0"), and
 * may block on them for ever. A negative one counts as 0, since Redis refuses it at once.
 * @example blockingMs(["BLPOP", "queue", "2.5"]) // 2500
 */
export function blockingMs(argv: readonly WireArg[]): number | undefined {
  const reader = BLOCKING[nameOf(argv)];
  return reader === undefined ? undefined : reader(argv);
}

/**
 * The block of a timeout in seconds (BLPOP, BZPOPMIN...), in ms as Redis applies it: rounded up to whole ms
 * (`ceill`), 0 for ever (so "-0.0001", which rounds to 0, too), a negative one refused at once (0 ms), and one
 * this side cannot read (NaN) taken as for ever.
 */
export function secondsBlockMs(seconds: number): number {
  return blockOf(Math.ceil(seconds * 1000));
}

/** The block of a timeout in whole ms (XREAD BLOCK, WAIT): as {@link secondsBlockMs}; Redis refuses a fraction. */
export function millisBlockMs(ms: number): number {
  return blockOf(Number.isInteger(ms) ? ms : Number.NaN);
}

function blockOf(ms: number): number {
  return ms === 0 || Number.isNaN(ms) ? Number.POSITIVE_INFINITY : Math.max(0, ms);
}

/** A number written as Redis writes one: no blanks, no empty string (both of which `Number()` accepts). */
function number(arg: WireArg | undefined): number {
  const text = typeof arg === "string" ? arg : commandName(arg);
  return text === "" || text.trim() !== text ? Number.NaN : Number(text);
}

/**
 * Builds a command whose timeout in seconds (checked by `blockTimeout`: finite and >= 0, 0 for ever) is its
 * argument at `at` (negative: counted from the end), blocking that long.
 */
export function secondsTimeoutCommand<T>(args: readonly Arg[], at: number, decode: Decoder<T>): Command<T> {
  return command(args, decode, secondsBlockMs(args.at(at) as number));
}

/** Builds a command that blocks up to `ms` (a checked whole number, 0 for ever) when `ms` is given. */
export function millisTimeoutCommand<T>(args: readonly Arg[], decode: Decoder<T>, ms?: number): Command<T> {
  return command(args, decode, ms === undefined ? undefined : millisBlockMs(ms));
}

/**
 * `NAME key... timeout` (BLPOP, BRPOP, BZPOPMIN, BZPOPMAX): pops from the first non-empty key, blocking up to
 * `timeoutSeconds` (fractions allowed, 0 for ever).
 */
export function keysThenTimeout<T>(
  name: string,
  keys: Key | readonly Key[],
  timeoutSeconds: number,
  decode: Decoder<T>,
): Command<T> {
  return secondsTimeoutCommand(
    [name, ...keyList(keys, name), blockTimeout(timeoutSeconds, name)],
    -1,
    decode,
  );
}
