/** @module String commands beyond the basics: GETSET, SUBSTR and LCS. */
import type { RawReply } from "../transport.js";
import { integer, nonNegativeInteger } from "./args.js";
import { command, type Key, type Value } from "./command.js";
import { asArray, asCount, asString, asText } from "./decode.js";
import { asMap } from "./server/replies.js";

/** One common run of LCS IDX: inclusive `[start, end]` byte ranges in each string. */
export interface LcsMatch {
  key1: [number, number];
  key2: [number, number];
  /** With `withMatchLen`. */
  length?: number;
}

/** LCS IDX: the matching runs (last first, as the server sends them) and the total LCS length. */
export interface LcsIdxResult {
  matches: LcsMatch[];
  length: number;
}

/** Options of LCS IDX. */
export interface LcsIdxOptions {
  /** Only runs at least this long. */
  minMatchLen?: number;
  /** Add each run's length. */
  withMatchLen?: boolean;
}

function range(reply: RawReply | undefined): [number, number] {
  const [start, end] = asArray(reply ?? null);
  return [asCount(start ?? null), asCount(end ?? null)];
}

function asLcsIdx(reply: RawReply): LcsIdxResult {
  const map = asMap(reply);
  return {
    matches: asArray(map.matches ?? []).map((entry) => {
      const [a, b, length] = asArray(entry);
      const match: LcsMatch = { key1: range(a), key2: range(b) };
      if (length !== undefined) match.length = asCount(length);
      return match;
    }),
    length: asCount(map.len ?? null),
  };
}

export const stringExtraCommands = {
  /** Sets a value and resolves to the old one (`null` when missing). Prefer `set(k, v, { get: true })`. @see https://redis.io/commands/getset */
  getset: (key: Key, value: Value) => command(["GETSET", key, value], asString),
  /** The old name of GETRANGE: a substring by inclusive byte offsets. @see https://redis.io/commands/substr */
  substr: (key: Key, start: number, end: number) =>
    command(["SUBSTR", key, integer(start, "SUBSTR start"), integer(end, "SUBSTR end")], asText),
  /** The longest common subsequence of two string values. @see https://redis.io/commands/lcs */
  lcs: (key1: Key, key2: Key) => command(["LCS", key1, key2], asText),
  /** The length of the longest common subsequence (LCS ... LEN). @see https://redis.io/commands/lcs */
  lcsLen: (key1: Key, key2: Key) => command(["LCS", key1, key2, "LEN"], asCount),
  /** Where the longest common subsequence is in each string (LCS ... IDX). @see https://redis.io/commands/lcs */
  lcsIdx: (key1: Key, key2: Key, options: LcsIdxOptions = {}) =>
    command(
      [
        "LCS",
        key1,
        key2,
        "IDX",
        ...(options.minMatchLen === undefined
          ? []
          : ["MINMATCHLEN", nonNegativeInteger(options.minMatchLen, "LCS minMatchLen")]),
        ...(options.withMatchLen ? ["WITHMATCHLEN"] : []),
      ],
      asLcsIdx,
    ),
};
