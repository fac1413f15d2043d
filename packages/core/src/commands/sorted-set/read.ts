/** @module Sorted set lookups: scores, ranks, counts, random members and ZSCAN. */
import { InvalidArgumentError } from "../../errors.js";
import { integer, nonEmpty, optionsObject } from "../args.js";
import { command, type Key, type Value } from "../command.js";
import {
  asCount,
  asFloat,
  asNullableCount,
  asScanPage,
  asScoredMembers,
  asString,
  asStrings,
} from "../decode.js";
import { cursorArg, scanArgs } from "../key.js";
import { asNullableScores, type LexBound, lexBound, type ScoreBound, scoreBound } from "./bounds.js";

/** Options of ZSCAN. */
export interface ZScanOptions {
  /** A glob-style pattern members must match. */
  match?: string;
  /** A hint for how many members each page examines. */
  count?: number;
}

function zscanArgs(given: ZScanOptions) {
  const options = optionsObject(given, "ZSCAN");
  if ((options as { type?: unknown }).type !== undefined) {
    throw new InvalidArgumentError("ZSCAN: the type option belongs to SCAN only.");
  }
  return scanArgs({ match: options.match, count: options.count }, "ZSCAN");
}

export const sortedSetReadCommands = {
  /**
   * A member's score.
   * @returns the score, or `null` when the member or the key is missing.
   * @see https://redis.io/commands/zscore
   */
  zscore: (key: Key, member: Value) => command(["ZSCORE", key, member], asFloat),
  /**
   * The scores of several members, in order.
   * @returns one score per member, `null` for a missing one.
   * @see https://redis.io/commands/zmscore
   */
  zmscore: (key: Key, ...members: Value[]) =>
    command(["ZMSCORE", key, ...nonEmpty(members, "ZMSCORE")], asNullableScores),
  /**
   * A member's 0-based rank by ascending score.
   * @returns the rank, or `null` when the member or the key is missing.
   * @see https://redis.io/commands/zrank
   */
  zrank: (key: Key, member: Value) => command(["ZRANK", key, member], asNullableCount),
  /**
   * A member's 0-based rank by descending score.
   * @returns the rank, or `null` when the member or the key is missing.
   * @see https://redis.io/commands/zrevrank
   */
  zrevrank: (key: Key, member: Value) => command(["ZREVRANK", key, member], asNullableCount),
  /**
   * How many members the set has (0 when the key is missing).
   * @see https://redis.io/commands/zcard
   */
  zcard: (key: Key) => command(["ZCARD", key], asCount),
  /**
   * How many members have a score between `min` and `max`.
   * @example pool.zcount("board", { value: 5, exclusive: true }, Infinity)
   * @see https://redis.io/commands/zcount
   */
  zcount: (key: Key, min: ScoreBound, max: ScoreBound) =>
    command(["ZCOUNT", key, scoreBound(min, "ZCOUNT min"), scoreBound(max, "ZCOUNT max")], asCount),
  /**
   * How many members lie between two lex bounds (for sets whose members all share one score).
   * @example pool.zlexcount("names", "[b", "+")
   * @see https://redis.io/commands/zlexcount
   */
  zlexcount: (key: Key, min: LexBound, max: LexBound) =>
    command(["ZLEXCOUNT", key, lexBound(min, "ZLEXCOUNT min"), lexBound(max, "ZLEXCOUNT max")], asCount),
  /**
   * One random member.
   * @returns the member, or `null` when the key is missing.
   * @see https://redis.io/commands/zrandmember
   */
  zrandmember: (key: Key) => command(["ZRANDMEMBER", key], asString),
  /**
   * Random members: up to `count` distinct ones, or with a negative count exactly `-count`, possibly repeated.
   * @see https://redis.io/commands/zrandmember
   */
  zrandmemberCount: (key: Key, count: number) =>
    command(["ZRANDMEMBER", key, integer(count, "ZRANDMEMBER count")], asStrings),
  /**
   * Random members with their scores; `count` as in {@link zrandmemberCount}.
   * @see https://redis.io/commands/zrandmember
   */
  zrandmemberWithScores: (key: Key, count: number) =>
    command(["ZRANDMEMBER", key, integer(count, "ZRANDMEMBER count"), "WITHSCORES"], asScoredMembers),
  /**
   * One page of members with their scores. Start with cursor 0 and pass each returned cursor until it is `"0"`.
   * A member may appear on more than one page.
   * @example const { cursor, items } = await pool.zscan("board", 0, { match: "a*", count: 100 })
   * @see https://redis.io/commands/zscan
   */
  zscan: (key: Key, cursor: string | number, options: ZScanOptions = {}) =>
    command(["ZSCAN", key, cursorArg(cursor), ...zscanArgs(options)], (reply) =>
      asScanPage(reply, asScoredMembers),
    ),
};
