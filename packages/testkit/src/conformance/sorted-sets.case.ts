import type { Cases } from "./context.js";
import { sortedSetAddCases } from "./sorted-sets/add.case.js";
import { sortedSetAlgebraCases } from "./sorted-sets/algebra.case.js";
import { sortedSetErrorCases } from "./sorted-sets/errors.case.js";
import { sortedSetPopCases } from "./sorted-sets/pop.case.js";
import { sortedSetRangeCases } from "./sorted-sets/range.case.js";
import { sortedSetReadCases } from "./sorted-sets/read.case.js";

/** The sorted set family, split by theme under `./sorted-sets/`. */
export const sortedSetsCases: Cases = (ctx, it) => {
  sortedSetAddCases(ctx, it);
  sortedSetReadCases(ctx, it);
  sortedSetRangeCases(ctx, it);
  sortedSetPopCases(ctx, it);
  sortedSetAlgebraCases(ctx, it);
  sortedSetErrorCases(ctx, it);
};
