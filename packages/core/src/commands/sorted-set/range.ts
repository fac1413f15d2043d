/** @module Sorted set ranges: ZRANGE (by rank, score or lex), ZRANGESTORE, and the older ZRANGEBYSCORE, ZREVRANGE... forms. */
import { InvalidArgumentError } from "../../errors.js";
import { integer, optionsObject } from "../args.js";
import { type Arg, command, type Key } from "../command.js";
import { asCount, asScoredMembers, asStrings } from "../decode.js";
import {
  type LexBound,
  lexBound,
  limitArgs,
  type RangeLimit,
  type ScoreBound,
  scoreBound,
} from "./bounds.js";

/** ZRANGE by rank (the default): `start` and `stop` are 0-based ranks, negative counting from the end. */
export interface ZRangeByRankOptions {
  by?: undefined;
  /** Rank from the highest score down (`REV`). */
  rev?: boolean;
}

/** ZRANGE BYSCORE. With `rev`, `start` is the high bound and `stop` the low one, as in Redis. */
export interface ZRangeByScoreOptions {
  by: "score";
  /** Highest score first (`REV`). */
  rev?: boolean;
  limit?: RangeLimit;
}

/** ZRANGE BYLEX. With `rev`, `start` is the high bound and `stop` the low one, as in Redis. */
export interface ZRangeByLexOptions {
  by: "lex";
  /** Reverse lexicographical order (`REV`). */
  rev?: boolean;
  limit?: RangeLimit;
}

/** The range of ZRANGE/ZRANGESTORE: ranks, score bounds with `{ by: "score" }`, or lex bounds with `{ by: "lex" }`. */
export type ZRangeArgs =
  | [start: number, stop: number, options?: ZRangeByRankOptions]
  | [start: ScoreBound, stop: ScoreBound, options: ZRangeByScoreOptions]
  | [start: LexBound, stop: LexBound, options: ZRangeByLexOptions];

/** The range of ZRANGE ... WITHSCORES: by rank or by score (Redis refuses WITHSCORES with BYLEX). */
export type ZRangeScoredArgs =
  | [start: number, stop: number, options?: ZRangeByRankOptions]
  | [start: ScoreBound, stop: ScoreBound, options: ZRangeByScoreOptions];

/** Options of ZRANGEBYSCORE, ZREVRANGEBYSCORE, ZRANGEBYLEX and ZREVRANGEBYLEX. */
export interface ZRangeLimitOptions {
  limit?: RangeLimit;
}

type AnyRangeOptions = { by?: unknown; rev?: boolean; limit?: RangeLimit };

function rangeArgs(range: readonly unknown[], name: string, withScores: boolean): Arg[] {
  const [start, stop, options] = range;
  const { by, rev, limit } = optionsObject(options as AnyRangeOptions | undefined, name);
  const out: Arg[] = [];
  if (by === undefined) {
    if (limit !== undefined) throw new InvalidArgumentError(`${name}: limit needs by: "score" or by: "lex".`);
    out.push(integer(start, `${name} start`), integer(stop, `${name} stop`));
  } else if (by === "score") {
    out.push(scoreBound(start, `${name} start`), scoreBound(stop, `${name} stop`), "BYSCORE");
  } else if (by === "lex") {
    if (withScores) throw new InvalidArgumentError(`${name}: Redis does not return scores with by: "lex".`);
    out.push(lexBound(start, `${name} start`), lexBound(stop, `${name} stop`), "BYLEX");
  } else {
    throw new InvalidArgumentError(
      `${name}: by must be "score" or "lex" (or left out for ranks), got ${String(by)}.`,
    );
  }
  if (rev) out.push("REV");
  out.push(...limitArgs(limit, name));
  if (withScores) out.push("WITHSCORES");
  return out;
}

function limitOption(options: ZRangeLimitOptions, name: string): Arg[] {
  return limitArgs(optionsObject(options, name).limit, name);
}

export const sortedSetRangeCommands = {
  /**
   * Members of a range, lowest score first (highest with `rev`).
   * @example pool.zrange("board", 0, -1)
   * @example pool.zrange("board", { value: 5, exclusive: true }, Infinity, { by: "score", limit: { offset: 0, count: 10 } })
   * @example pool.zrange("names", "[a", "(c", { by: "lex" })
   * @see https://redis.io/commands/zrange
   */
  zrange: (key: Key, ...range: ZRangeArgs) =>
    command(["ZRANGE", key, ...rangeArgs(range, "ZRANGE", false)], asStrings),
  /**
   * ZRANGE ... WITHSCORES: members of a rank or score range with their scores.
   * @example pool.zrangeWithScores("board", 0, 2, { rev: true }) // the top three
   * @see https://redis.io/commands/zrange
   */
  zrangeWithScores: (key: Key, ...range: ZRangeScoredArgs) =>
    command(["ZRANGE", key, ...rangeArgs(range, "ZRANGE", true)], asScoredMembers),
  /**
   * Stores a range of `source` (as in `zrange`) in `destination`, replacing it.
   * @returns how many members `destination` now holds.
   * @see https://redis.io/commands/zrangestore
   */
  zrangestore: (destination: Key, source: Key, ...range: ZRangeArgs) =>
    command(["ZRANGESTORE", destination, source, ...rangeArgs(range, "ZRANGESTORE", false)], asCount),
  /**
   * Members with a score between `min` and `max`, lowest first. Same as `zrange` with `{ by: "score" }`.
   * @see https://redis.io/commands/zrangebyscore
   */
  zrangebyscore: (key: Key, min: ScoreBound, max: ScoreBound, options: ZRangeLimitOptions = {}) =>
    command(
      [
        "ZRANGEBYSCORE",
        key,
        scoreBound(min, "ZRANGEBYSCORE min"),
        scoreBound(max, "ZRANGEBYSCORE max"),
        ...limitOption(options, "ZRANGEBYSCORE"),
      ],
      asStrings,
    ),
  /**
   * ZRANGEBYSCORE ... WITHSCORES.
   * @see https://redis.io/commands/zrangebyscore
   */
  zrangebyscoreWithScores: (key: Key, min: ScoreBound, max: ScoreBound, options: ZRangeLimitOptions = {}) =>
    command(
      [
        "ZRANGEBYSCORE",
        key,
        scoreBound(min, "ZRANGEBYSCORE min"),
        scoreBound(max, "ZRANGEBYSCORE max"),
        "WITHSCORES",
        ...limitOption(options, "ZRANGEBYSCORE"),
      ],
      asScoredMembers,
    ),
  /**
   * Members with a score between `max` and `min`, highest first. Note the order: `max` comes first.
   * @see https://redis.io/commands/zrevrangebyscore
   */
  zrevrangebyscore: (key: Key, max: ScoreBound, min: ScoreBound, options: ZRangeLimitOptions = {}) =>
    command(
      [
        "ZREVRANGEBYSCORE",
        key,
        scoreBound(max, "ZREVRANGEBYSCORE max"),
        scoreBound(min, "ZREVRANGEBYSCORE min"),
        ...limitOption(options, "ZREVRANGEBYSCORE"),
      ],
      asStrings,
    ),
  /**
   * ZREVRANGEBYSCORE ... WITHSCORES. Note the order: `max` comes first.
   * @see https://redis.io/commands/zrevrangebyscore
   */
  zrevrangebyscoreWithScores: (
    key: Key,
    max: ScoreBound,
    min: ScoreBound,
    options: ZRangeLimitOptions = {},
  ) =>
    command(
      [
        "ZREVRANGEBYSCORE",
        key,
        scoreBound(max, "ZREVRANGEBYSCORE max"),
        scoreBound(min, "ZREVRANGEBYSCORE min"),
        "WITHSCORES",
        ...limitOption(options, "ZREVRANGEBYSCORE"),
      ],
      asScoredMembers,
    ),
  /**
   * Members between two lex bounds, in lexicographical order (for sets whose members all share one score).
   * @example pool.zrangebylex("names", "[a", "(c")
   * @see https://redis.io/commands/zrangebylex
   */
  zrangebylex: (key: Key, min: LexBound, max: LexBound, options: ZRangeLimitOptions = {}) =>
    command(
      [
        "ZRANGEBYLEX",
        key,
        lexBound(min, "ZRANGEBYLEX min"),
        lexBound(max, "ZRANGEBYLEX max"),
        ...limitOption(options, "ZRANGEBYLEX"),
      ],
      asStrings,
    ),
  /**
   * Members between two lex bounds, in reverse order. Note the order: `max` comes first.
   * @example pool.zrevrangebylex("names", "+", "[b")
   * @see https://redis.io/commands/zrevrangebylex
   */
  zrevrangebylex: (key: Key, max: LexBound, min: LexBound, options: ZRangeLimitOptions = {}) =>
    command(
      [
        "ZREVRANGEBYLEX",
        key,
        lexBound(max, "ZREVRANGEBYLEX max"),
        lexBound(min, "ZREVRANGEBYLEX min"),
        ...limitOption(options, "ZREVRANGEBYLEX"),
      ],
      asStrings,
    ),
  /**
   * Members ranked `start` to `stop` from the highest score down. Same as `zrange` with `{ rev: true }`.
   * @see https://redis.io/commands/zrevrange
   */
  zrevrange: (key: Key, start: number, stop: number) =>
    command(
      ["ZREVRANGE", key, integer(start, "ZREVRANGE start"), integer(stop, "ZREVRANGE stop")],
      asStrings,
    ),
  /**
   * ZREVRANGE ... WITHSCORES.
   * @see https://redis.io/commands/zrevrange
   */
  zrevrangeWithScores: (key: Key, start: number, stop: number) =>
    command(
      ["ZREVRANGE", key, integer(start, "ZREVRANGE start"), integer(stop, "ZREVRANGE stop"), "WITHSCORES"],
      asScoredMembers,
    ),
};
