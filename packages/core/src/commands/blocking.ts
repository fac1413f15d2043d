/** Which commands block server-side, and for how long, so they can be routed off the shared connection. */
import type { WireArg } from "../transport.js";
import { commandName, nameOf } from "./forbidden.js";

/** The block in ms as written (NaN when unreadable here), or `undefined` when the command does not block. */
type BlockReader = (argv: readonly WireArg[]) => number | undefined;

const lastArgSeconds: BlockReader = (argv) => seconds(argv[argv.length - 1]);
const firstArgSeconds: BlockReader = (argv) => seconds(argv[1]);
const lastArgMillis: BlockReader = (argv) => millis(argv[argv.length - 1]);
const blockOption: BlockReader = (argv) => {
  for (let i = 1; i < argv.length - 1; i++) {
    if (commandName(argv[i]) === "BLOCK") return millis(argv[i + 1]);
    if (commandName(argv[i]) === "STREAMS") break;
  }
  return undefined; // XREAD without BLOCK does not block
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
  XREAD: blockOption,
  XREADGROUP: blockOption,
  WAIT: lastArgMillis,
  WAITAOF: lastArgMillis,
};

/**
 * How long argv may block server-side in ms: `undefined` when it does not block, `Infinity` for "forever" (0).
 * A timeout this side cannot read counts as forever: Redis reads some that `Number()` does not ("0x0p0", "0\0"),
 * and may block on them for ever. A negative one counts as 0, since Redis refuses it at once.
 * @internal
 */
export function blockingMs(argv: readonly WireArg[]): number | undefined {
  const reader = BLOCKING[nameOf(argv)];
  if (reader === undefined) return undefined;
  const ms = reader(argv);
  if (ms === undefined) return undefined;
  return ms === 0 || Number.isNaN(ms) ? Number.POSITIVE_INFINITY : Math.max(0, ms);
}

function seconds(arg: WireArg | undefined): number {
  return Number(typeof arg === "string" ? arg : commandName(arg)) * 1000;
}

function millis(arg: WireArg | undefined): number {
  return Number(typeof arg === "string" ? arg : commandName(arg));
}
