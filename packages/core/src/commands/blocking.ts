/**
 * @module Which commands block server-side, and for how long, so they can be routed off the shared connection.
 * Timeouts are read with the server's own rules (Redis 7.0 `getTimeoutFromObjectOrReply` and `xreadCommand`),
 * so the block this side sees is the block Redis will apply: a caller cannot hide a longer block behind a
 * repeated option or a keyword-named group.
 */
import type { WireArg } from "../transport.js";
import { commandName, nameOf } from "./forbidden.js";

/** The block in ms as Redis will apply it (`Infinity` for "forever"), or `undefined` when it does not block. */
type BlockReader = (argv: readonly WireArg[]) => number | undefined;

const lastArgSeconds: BlockReader = (argv) => seconds(argv[argv.length - 1]);
const firstArgSeconds: BlockReader = (argv) => seconds(argv[1]);
const lastArgMillis: BlockReader = (argv) => millis(argv[argv.length - 1]);

/**
 * XREAD and XREADGROUP options, scanned as Redis does: `BLOCK ms` and `COUNT n` take one argument, `GROUP g c`
 * two, `NOACK` none, `STREAMS` ends the options. A later BLOCK replaces an earlier one. Anything else is a syntax
 * error, so the command does not run at all.
 */
const streamRead: BlockReader = (argv) => {
  let block: number | undefined;
  for (let i = 1; i < argv.length; i++) {
    const more = argv.length - i - 1;
    const option = commandName(argv[i]);
    if (option === "BLOCK" && more > 0) block = millis(argv[++i]);
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
  if (reader === undefined) return undefined;
  const ms = reader(argv);
  if (ms === undefined) return undefined;
  return ms === 0 || Number.isNaN(ms) ? Number.POSITIVE_INFINITY : Math.max(0, ms);
}

/**
 * Seconds as a decimal, rounded up to whole milliseconds as Redis does (`ceill`): "-0.0001" is 0 ms, which
 * Redis takes as "forever".
 */
function seconds(arg: WireArg | undefined): number {
  const ms = Math.ceil(number(arg) * 1000);
  return Object.is(ms, -0) ? 0 : ms;
}

/** Whole milliseconds: Redis refuses anything but an integer, so a fraction is unreadable (NaN). */
function millis(arg: WireArg | undefined): number {
  const ms = number(arg);
  return Number.isInteger(ms) ? ms : Number.NaN;
}

/** A number written as Redis writes one: no blanks, no empty string (both of which `Number()` accepts). */
function number(arg: WireArg | undefined): number {
  const text = typeof arg === "string" ? arg : commandName(arg);
  return text === "" || text.trim() !== text ? Number.NaN : Number(text);
}
