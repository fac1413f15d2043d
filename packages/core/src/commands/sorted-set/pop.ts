/** @module Sorted set pops: ZPOPMIN/ZPOPMAX, ZMPOP and the blocking BZPOPMIN/BZPOPMAX/BZMPOP. */
import { blockTimeout, nonNegativeInteger, positiveInteger } from "../args.js";
import { keysThenTimeout, secondsTimeoutCommand } from "../blocking.js";
import { type Arg, command, type Key } from "../command.js";
import { asScoredMembers } from "../decode.js";
import { asKeyedScoredMember, asZPopResult, numKeys, popSide } from "./bounds.js";

function countArg(count: number | undefined, name: string): Arg[] {
  return count === undefined ? [] : [nonNegativeInteger(count, `${name} count`)];
}

function mpopCount(count: number | undefined, name: string): Arg[] {
  return count === undefined ? [] : ["COUNT", positiveInteger(count, `${name} count`)];
}

export const sortedSetPopCommands = {
  /**
   * Removes and returns the `count` (default 1) members with the lowest scores.
   * @returns the popped members, lowest first; empty when the key is missing.
   * @see https://redis.io/commands/zpopmin
   */
  zpopmin: (key: Key, count?: number) =>
    command(["ZPOPMIN", key, ...countArg(count, "ZPOPMIN")], asScoredMembers),
  /**
   * Removes and returns the `count` (default 1) members with the highest scores.
   * @returns the popped members, highest first; empty when the key is missing.
   * @see https://redis.io/commands/zpopmax
   */
  zpopmax: (key: Key, count?: number) =>
    command(["ZPOPMAX", key, ...countArg(count, "ZPOPMAX")], asScoredMembers),
  /**
   * Pops the lowest-scored member of the first non-empty key, waiting up to `timeoutSeconds` for one
   * (fractions allowed; 0 waits forever). Runs on a dedicated connection, so it never stalls the pool.
   * @returns the key, member and score, or `null` on timeout.
   * @example await pool.bzpopmin(["jobs:high", "jobs:low"], 5)
   * @see https://redis.io/commands/bzpopmin
   */
  bzpopmin: (keys: Key | readonly Key[], timeoutSeconds: number) =>
    keysThenTimeout("BZPOPMIN", keys, timeoutSeconds, asKeyedScoredMember),
  /**
   * Pops the highest-scored member of the first non-empty key, waiting up to `timeoutSeconds` for one
   * (fractions allowed; 0 waits forever). Runs on a dedicated connection, so it never stalls the pool.
   * @returns the key, member and score, or `null` on timeout.
   * @see https://redis.io/commands/bzpopmax
   */
  bzpopmax: (keys: Key | readonly Key[], timeoutSeconds: number) =>
    keysThenTimeout("BZPOPMAX", keys, timeoutSeconds, asKeyedScoredMember),
  /**
   * Pops up to `count` (default 1) members from the first non-empty key: the lowest scores with `"MIN"`,
   * the highest with `"MAX"`.
   * @returns the key popped from and its members, or `null` when every key is empty.
   * @example await pool.zmpop(["a", "b"], "MIN", 10)
   * @see https://redis.io/commands/zmpop
   */
  zmpop: (keys: Key | readonly Key[], where: "MIN" | "MAX", count?: number) =>
    command(
      ["ZMPOP", ...numKeys(keys, "ZMPOP"), popSide(where, "ZMPOP"), ...mpopCount(count, "ZMPOP")],
      asZPopResult,
    ),
  /**
   * Blocking ZMPOP: waits up to `timeoutSeconds` (fractions allowed; 0 waits forever) for a non-empty key.
   * The timeout comes first, as in Redis. Runs on a dedicated connection, so it never stalls the pool.
   * @returns the key popped from and its members, or `null` on timeout.
   * @example await pool.bzmpop(5, ["a", "b"], "MAX")
   * @see https://redis.io/commands/bzmpop
   */
  bzmpop: (timeoutSeconds: number, keys: Key | readonly Key[], where: "MIN" | "MAX", count?: number) =>
    secondsTimeoutCommand(
      [
        "BZMPOP",
        blockTimeout(timeoutSeconds, "BZMPOP"),
        ...numKeys(keys, "BZMPOP"),
        popSide(where, "BZMPOP"),
        ...mpopCount(count, "BZMPOP"),
      ],
      1,
      asZPopResult,
    ),
};
