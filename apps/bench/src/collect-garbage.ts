/**
 * A full garbage collection, run before each measured round: garbage one row leaves (ioredis with auto-pipelining
 * allocates ~5 KB per command) would otherwise be collected on the next row's clock, and at 500 in flight a round
 * of a few ms is mostly such pauses.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
export const collectGarbage = runInNewContext("gc") as () => void;
