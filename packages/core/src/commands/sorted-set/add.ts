/** @module Sorted set writes: ZADD, ZINCRBY, ZREM and the ZREMRANGEBY* family. */
import { InvalidArgumentError } from "../../errors.js";
import { exclusive, integer, nonEmpty, numeric, optionsObject } from "../args.js";
import { type Arg, command, describe, type Key, type Value } from "../command.js";
import { asCount, asFloat, asNumber } from "../decode.js";
import { type LexBound, lexBound, type ScoreBound, type ScoredMemberInput, scoreBound } from "./bounds.js";

/** Options of ZADD. Redis refuses `nx` with `xx`, and any two of `nx`, `gt` and `lt`. */
export interface ZAddOptions {
  /** Only add new members; never update an existing score. */
  nx?: boolean;
  /** Only update existing members; never add one. */
  xx?: boolean;
  /** Only update a score when the new one is greater (new members are still added unless `xx`). */
  gt?: boolean;
  /** Only update a score when the new one is less (new members are still added unless `xx`). */
  lt?: boolean;
  /** Count changed members as well as added ones in the result. */
  ch?: boolean;
}

/** Options of {@link RedisPool.zaddIncr}: the conditions of ZADD ... INCR. */
export type ZAddIncrOptions = Omit<ZAddOptions, "ch">;

/** The members of ZADD: a list of `{ member, score }` or a record of member → score. */
export type ZAddMembers = readonly ScoredMemberInput[] | Readonly<Record<string, number>>;

function conditionArgs(given: ZAddOptions, name: string): Arg[] {
  const options = optionsObject(given, name);
  if ((options as { incr?: unknown }).incr) {
    throw new InvalidArgumentError(
      `${name}: use zaddIncr() for ZADD ... INCR; it resolves to the new score or null.`,
    );
  }
  exclusive(options, ["nx", "xx"], name);
  exclusive(options, ["nx", "gt", "lt"], name);
  const out: Arg[] = [];
  if (options.nx) out.push("NX");
  if (options.xx) out.push("XX");
  if (options.gt) out.push("GT");
  if (options.lt) out.push("LT");
  return out;
}

/** `score member ...` from either form of {@link ZAddMembers}. */
function scoreMemberArgs(members: ZAddMembers, name: string): Arg[] {
  const out: Arg[] = [];
  if (Array.isArray(members)) {
    for (const [i, entry] of (members as readonly ScoredMemberInput[]).entries()) {
      if (typeof entry !== "object" || entry === null || !("member" in entry)) {
        throw new InvalidArgumentError(
          `${name}: members[${i}] must be { member, score }, got ${describe(entry)}.`,
        );
      }
      out.push(numeric(entry.score, `${name} members[${i}].score`), entry.member);
    }
  } else if (typeof members === "object" && members !== null) {
    for (const [member, score] of Object.entries(members))
      out.push(numeric(score, `${name} score of "${member}"`), member);
  } else {
    throw new InvalidArgumentError(
      `${name}: members must be a list of { member, score } or a record, got ${describe(members)}.`,
    );
  }
  if (out.length === 0) throw new InvalidArgumentError(`${name} needs at least one member.`);
  return out;
}

export const sortedSetAddCommands = {
  /**
   * Adds members or updates their scores.
   * @returns how many members were added; with `ch`, added plus those whose score changed.
   * @example pool.zadd("board", [{ member: "ann", score: 10 }, { member: "bob", score: 7.5 }], { gt: true })
   * @example pool.zadd("board", { ann: 10, bob: 7.5 })
   * @see https://redis.io/commands/zadd
   */
  zadd: (key: Key, members: ZAddMembers, options: ZAddOptions = {}) => {
    const conditions = conditionArgs(options, "ZADD");
    return command(
      ["ZADD", key, ...conditions, ...(options.ch ? ["CH"] : []), ...scoreMemberArgs(members, "ZADD")],
      asCount,
    );
  },
  /**
   * ZADD ... INCR: adds `increment` to one member's score (a missing member starts at 0).
   * @returns the new score, or `null` when `nx`/`xx`/`gt`/`lt` prevented the update.
   * @example pool.zaddIncr("board", 5, "ann", { xx: true })
   * @see https://redis.io/commands/zadd
   */
  zaddIncr: (key: Key, increment: number, member: Value, options: ZAddIncrOptions = {}) =>
    command(
      ["ZADD", key, ...conditionArgs(options, "ZADD"), "INCR", numeric(increment, "ZADD increment"), member],
      asFloat,
    ),
  /**
   * Adds `increment` to a member's score (a missing member starts at 0).
   * @returns the new score.
   * @see https://redis.io/commands/zincrby
   */
  zincrby: (key: Key, increment: number, member: Value) =>
    command(["ZINCRBY", key, numeric(increment, "ZINCRBY increment"), member], asNumber),
  /**
   * Removes members.
   * @returns how many were removed.
   * @see https://redis.io/commands/zrem
   */
  zrem: (key: Key, ...members: Value[]) => command(["ZREM", key, ...nonEmpty(members, "ZREM")], asCount),
  /**
   * Removes the members ranked `start` to `stop` (0-based, inclusive; negative counts from the highest).
   * @returns how many were removed.
   * @see https://redis.io/commands/zremrangebyrank
   */
  zremrangebyrank: (key: Key, start: number, stop: number) =>
    command(
      [
        "ZREMRANGEBYRANK",
        key,
        integer(start, "ZREMRANGEBYRANK start"),
        integer(stop, "ZREMRANGEBYRANK stop"),
      ],
      asCount,
    ),
  /**
   * Removes the members with a score between `min` and `max`.
   * @returns how many were removed.
   * @example pool.zremrangebyscore("board", -Infinity, { value: 10, exclusive: true })
   * @see https://redis.io/commands/zremrangebyscore
   */
  zremrangebyscore: (key: Key, min: ScoreBound, max: ScoreBound) =>
    command(
      [
        "ZREMRANGEBYSCORE",
        key,
        scoreBound(min, "ZREMRANGEBYSCORE min"),
        scoreBound(max, "ZREMRANGEBYSCORE max"),
      ],
      asCount,
    ),
  /**
   * Removes the members between two lex bounds (for sets whose members all share one score).
   * @returns how many were removed.
   * @example pool.zremrangebylex("names", "[a", "(c")
   * @see https://redis.io/commands/zremrangebylex
   */
  zremrangebylex: (key: Key, min: LexBound, max: LexBound) =>
    command(
      ["ZREMRANGEBYLEX", key, lexBound(min, "ZREMRANGEBYLEX min"), lexBound(max, "ZREMRANGEBYLEX max")],
      asCount,
    ),
};
