/** @module Argument types and checks shared by the sorted set commands. */
import { InvalidArgumentError } from "../../errors.js";
import type { RawReply } from "../../transport.js";
import { integer, keyList, nonNegativeInteger, numeric, optionsObject } from "../args.js";
import { type Arg, describe, type Key } from "../command.js";
import { asArray, asFloat, asNumber, asText, type ScoredMember } from "../decode.js";

/** A score bound written out: `{ value: 5, exclusive: true }` is Redis' `(5`. */
export interface ExclusiveScoreBound {
  value: number;
  /** Leave out the bound itself (Redis' `(` prefix). */
  exclusive?: boolean;
}

/**
 * A bound of a score range. A number is inclusive (`Infinity`/`-Infinity` are sent as `+inf`/`-inf`);
 * `{ value, exclusive: true }` excludes it; a string is passed as Redis reads it: `"5"`, `"(5"`, `"-inf"`, `"+inf"`
 * (JavaScript's `"-Infinity"` and `"Infinity"` are sent as `-inf` and `+inf`).
 */
export type ScoreBound = number | ExclusiveScoreBound | string;

/**
 * A bound of a lexicographical range, as Redis reads it: `"[a"` (inclusive), `"(a"` (exclusive),
 * `"-"` (before every member) or `"+"` (after every member).
 */
export type LexBound = string;

/** A member to add with its score. */
export interface ScoredMemberInput {
  member: string | number | bigint | Uint8Array;
  score: number;
}

/** LIMIT of a score or lex range: skip `offset` members, return at most `count` (a negative count means all the rest). */
export interface RangeLimit {
  offset: number;
  count: number;
}

/** How ZINTER/ZUNION combine the scores of a member found in several sets. */
export type ZAggregate = "SUM" | "MIN" | "MAX";

/** Options of ZINTER, ZUNION and their STORE forms. */
export interface ZCombineOptions {
  /** One multiplier per key, applied to its scores before they are combined. */
  weights?: readonly number[];
  /** `"SUM"` (Redis' default), `"MIN"` or `"MAX"`. */
  aggregate?: ZAggregate;
}

const SCORE_TEXT = /^\(?(?:[+-]?inf|[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)$/;
/** JavaScript's spelling of an infinite bound (`String(-Infinity)`), with or without `(`. */
const JS_INFINITY = /^(\(?)([+-]?)Infinity$/;

/** A score bound as one argument. @internal */
export function scoreBound(bound: unknown, name: string): Arg {
  if (typeof bound === "number") return numeric(bound, name);
  if (typeof bound === "string") {
    const infinity = JS_INFINITY.exec(bound);
    if (infinity) return `${infinity[1]}${infinity[2] === "-" ? "-" : "+"}inf`;
    if (!SCORE_TEXT.test(bound)) {
      throw new InvalidArgumentError(
        `${name} must be a number, "(number", "-inf" or "+inf", got ${describe(bound)}.`,
      );
    }
    return bound;
  }
  if (typeof bound === "object" && bound !== null && !Array.isArray(bound)) {
    const { value, exclusive } = bound as ExclusiveScoreBound;
    const number = numeric(value, `${name} value`);
    if (!exclusive) return number;
    return `(${number === Number.POSITIVE_INFINITY ? "+inf" : number === Number.NEGATIVE_INFINITY ? "-inf" : String(number)}`;
  }
  throw new InvalidArgumentError(
    `${name} must be a number, a string or { value, exclusive }, got ${describe(bound)}.`,
  );
}

/** A lex bound as one argument. @internal */
export function lexBound(bound: unknown, name: string): string {
  if (
    typeof bound !== "string" ||
    !(bound === "-" || bound === "+" || bound[0] === "[" || bound[0] === "(")
  ) {
    throw new InvalidArgumentError(
      `${name} must be "[member", "(member", "-" or "+", got ${describe(bound)}.`,
    );
  }
  return bound;
}

/** `numkeys key [key ...]`. @internal */
export function numKeys(keys: Key | readonly Key[], name: string): Arg[] {
  const list = keyList(keys, name);
  return [list.length, ...list];
}

/** `LIMIT offset count`, or nothing. @internal */
export function limitArgs(limit: RangeLimit | undefined, name: string): Arg[] {
  if (limit === undefined) return [];
  if (typeof limit !== "object" || limit === null) {
    throw new InvalidArgumentError(`${name}: limit must be { offset, count }, got ${describe(limit)}.`);
  }
  return [
    "LIMIT",
    nonNegativeInteger(limit.offset, `${name} limit.offset`),
    integer(limit.count, `${name} limit.count`),
  ];
}

/** `MIN` or `MAX` of ZMPOP/BZMPOP. @internal */
export function popSide(where: unknown, name: string): "MIN" | "MAX" {
  if (where !== "MIN" && where !== "MAX") {
    throw new InvalidArgumentError(`${name}: where must be "MIN" or "MAX", got ${String(where)}.`);
  }
  return where;
}

/** `WEIGHTS w ...` and `AGGREGATE x` of ZINTER/ZUNION. @internal */
export function combineArgs(keyCount: number, given: ZCombineOptions, name: string): Arg[] {
  const options = optionsObject(given, name);
  const out: Arg[] = [];
  if (options.weights !== undefined) {
    if (!Array.isArray(options.weights) || options.weights.length !== keyCount) {
      throw new InvalidArgumentError(`${name}: weights needs exactly one number per key (${keyCount}).`);
    }
    out.push("WEIGHTS", ...options.weights.map((w, i) => numeric(w, `${name} weights[${i}]`)));
  }
  if (options.aggregate !== undefined) {
    const aggregate = options.aggregate;
    if (aggregate !== "SUM" && aggregate !== "MIN" && aggregate !== "MAX") {
      throw new InvalidArgumentError(
        `${name}: aggregate must be "SUM", "MIN" or "MAX", got ${String(aggregate)}.`,
      );
    }
    out.push("AGGREGATE", aggregate);
  }
  return out;
}

/** A `[member, score]` pair array (ZMPOP/BZMPOP under RESP2). */
function asScoredPair(reply: RawReply): ScoredMember {
  const [member, score] = asArray(reply);
  return { member: asText(member ?? null), score: asNumber(score ?? null) };
}

/** The key a pop took from and what it took. */
export interface ZPopResult {
  key: string;
  members: ScoredMember[];
}

/** One member popped by BZPOPMIN/BZPOPMAX, with the key it came from. */
export interface KeyedScoredMember extends ScoredMember {
  key: string;
}

/** ZMPOP/BZMPOP: nil, or `[key, [[member, score], ...]]`. @internal */
export function asZPopResult(reply: RawReply): ZPopResult | null {
  if (reply === null) return null;
  const [key, members] = asArray(reply);
  return { key: asText(key ?? null), members: asArray(members ?? null).map(asScoredPair) };
}

/** BZPOPMIN/BZPOPMAX: nil, or `[key, member, score]`. @internal */
export function asKeyedScoredMember(reply: RawReply): KeyedScoredMember | null {
  if (reply === null) return null;
  const [key, member, score] = asArray(reply);
  return { key: asText(key ?? null), member: asText(member ?? null), score: asNumber(score ?? null) };
}

/** ZMSCORE: a score or nil per member. @internal */
export function asNullableScores(reply: RawReply): (number | null)[] {
  return asArray(reply).map(asFloat);
}
