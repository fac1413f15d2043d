/** @module Sorted set commands, merged from the files under `./sorted-set/`. */
import { merge } from "./merge.js";
import { sortedSetAddCommands } from "./sorted-set/add.js";
import { sortedSetAlgebraCommands } from "./sorted-set/algebra.js";
import { sortedSetPopCommands } from "./sorted-set/pop.js";
import { sortedSetRangeCommands } from "./sorted-set/range.js";
import { sortedSetReadCommands } from "./sorted-set/read.js";

export type { ZAddIncrOptions, ZAddMembers, ZAddOptions } from "./sorted-set/add.js";
export type { ZInterCardOptions } from "./sorted-set/algebra.js";
export type {
  ExclusiveScoreBound,
  KeyedScoredMember,
  LexBound,
  RangeLimit,
  ScoreBound,
  ScoredMemberInput,
  ZAggregate,
  ZCombineOptions,
  ZPopResult,
} from "./sorted-set/bounds.js";
export type {
  ZRangeArgs,
  ZRangeByLexOptions,
  ZRangeByRankOptions,
  ZRangeByScoreOptions,
  ZRangeLimitOptions,
  ZRangeScoredArgs,
} from "./sorted-set/range.js";
export type { ZScanOptions } from "./sorted-set/read.js";

export const sortedSetCommands = /* @__PURE__ */ merge(
  sortedSetAddCommands,
  sortedSetReadCommands,
  sortedSetRangeCommands,
  sortedSetPopCommands,
  sortedSetAlgebraCommands,
);
