/** @module HyperLogLog commands: approximate distinct counts in at most 12 KiB per key. */
import { nonEmpty } from "./args.js";
import { command, type Key, type Value } from "./command.js";
import { asBoolean, asCount, asText } from "./decode.js";

export const hyperLogLogCommands = {
  /**
   * Adds elements to a HyperLogLog (creating it when missing).
   * @returns true when the estimated cardinality changed (or the key was created), false otherwise.
   * @see https://redis.io/commands/pfadd
   */
  pfadd: (key: Key, ...elements: Value[]) => command(["PFADD", key, ...elements], asBoolean),
  /**
   * The approximated number of distinct elements (standard error 0.81%); for several keys, of their union.
   * @see https://redis.io/commands/pfcount
   */
  pfcount: (...keys: Key[]) => command(["PFCOUNT", ...nonEmpty(keys, "PFCOUNT")], asCount),
  /** Stores the union of the source HyperLogLogs (and `destination` itself) in `destination`. @see https://redis.io/commands/pfmerge */
  pfmerge: (destination: Key, ...sources: Key[]) => command(["PFMERGE", destination, ...sources], asText),
};
