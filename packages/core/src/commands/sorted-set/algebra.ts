import { keyList, nonNegativeInteger, optionsObject } from "../args.js";
import { type Arg, command, type Key } from "../command.js";
import { asCount, asScoredMembers, asStrings } from "../decode.js";
import { combineArgs, numKeys, type ZCombineOptions } from "./bounds.js";

/** `numkeys key ... [WEIGHTS ...] [AGGREGATE ...]`. */
function combine(keys: Key | readonly Key[], options: ZCombineOptions, name: string): Arg[] {
  const list = keyList(keys, name);
  return [list.length, ...list, ...combineArgs(list.length, options, name)];
}

/** Options of ZINTERCARD. */
export interface ZInterCardOptions {
  /** Stop counting at this many members (0, Redis' default, means no limit). */
  limit?: number;
}

function interCardLimit(options: ZInterCardOptions): Arg[] {
  const { limit } = optionsObject(options, "ZINTERCARD");
  return limit === undefined ? [] : ["LIMIT", nonNegativeInteger(limit, "ZINTERCARD limit")];
}

export const sortedSetAlgebraCommands = {
  /**
   * Members of the first key that are in none of the others. Plain sets count as scores of 1.
   * @see https://redis.io/commands/zdiff
   */
  zdiff: (keys: Key | readonly Key[]) => command(["ZDIFF", ...numKeys(keys, "ZDIFF")], asStrings),
  /**
   * ZDIFF ... WITHSCORES: the members with their scores in the first key.
   * @see https://redis.io/commands/zdiff
   */
  zdiffWithScores: (keys: Key | readonly Key[]) =>
    command(["ZDIFF", ...numKeys(keys, "ZDIFF"), "WITHSCORES"], asScoredMembers),
  /**
   * Stores the ZDIFF of `keys` in `destination`, replacing it.
   * @returns how many members `destination` now holds.
   * @see https://redis.io/commands/zdiffstore
   */
  zdiffstore: (destination: Key, keys: Key | readonly Key[]) =>
    command(["ZDIFFSTORE", destination, ...numKeys(keys, "ZDIFFSTORE")], asCount),
  /**
   * Members found in every key. Plain sets count as scores of 1.
   * @example pool.zinter(["a", "b"], { weights: [1, 2], aggregate: "MAX" })
   * @see https://redis.io/commands/zinter
   */
  zinter: (keys: Key | readonly Key[], options: ZCombineOptions = {}) =>
    command(["ZINTER", ...combine(keys, options, "ZINTER")], asStrings),
  /**
   * ZINTER ... WITHSCORES: each member with its combined score (summed unless `aggregate` says otherwise).
   * @see https://redis.io/commands/zinter
   */
  zinterWithScores: (keys: Key | readonly Key[], options: ZCombineOptions = {}) =>
    command(["ZINTER", ...combine(keys, options, "ZINTER"), "WITHSCORES"], asScoredMembers),
  /**
   * Stores the ZINTER of `keys` in `destination`, replacing it.
   * @returns how many members `destination` now holds.
   * @see https://redis.io/commands/zinterstore
   */
  zinterstore: (destination: Key, keys: Key | readonly Key[], options: ZCombineOptions = {}) =>
    command(["ZINTERSTORE", destination, ...combine(keys, options, "ZINTERSTORE")], asCount),
  /**
   * How many members are in every key, counting no further than `limit` when given (0 means no limit).
   * @example pool.zintercard(["a", "b"], { limit: 100 })
   * @see https://redis.io/commands/zintercard
   */
  zintercard: (keys: Key | readonly Key[], options: ZInterCardOptions = {}) =>
    command(["ZINTERCARD", ...numKeys(keys, "ZINTERCARD"), ...interCardLimit(options)], asCount),
  /**
   * Members found in any key. Plain sets count as scores of 1.
   * @example pool.zunion(["a", "b"], { aggregate: "MIN" })
   * @see https://redis.io/commands/zunion
   */
  zunion: (keys: Key | readonly Key[], options: ZCombineOptions = {}) =>
    command(["ZUNION", ...combine(keys, options, "ZUNION")], asStrings),
  /**
   * ZUNION ... WITHSCORES: each member with its combined score (summed unless `aggregate` says otherwise).
   * @see https://redis.io/commands/zunion
   */
  zunionWithScores: (keys: Key | readonly Key[], options: ZCombineOptions = {}) =>
    command(["ZUNION", ...combine(keys, options, "ZUNION"), "WITHSCORES"], asScoredMembers),
  /**
   * Stores the ZUNION of `keys` in `destination`, replacing it.
   * @returns how many members `destination` now holds.
   * @see https://redis.io/commands/zunionstore
   */
  zunionstore: (destination: Key, keys: Key | readonly Key[], options: ZCombineOptions = {}) =>
    command(["ZUNIONSTORE", destination, ...combine(keys, options, "ZUNIONSTORE")], asCount),
};
