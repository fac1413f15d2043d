import type { Cases } from "./context.js";
import { streamGroupCases } from "./streams/groups.case.js";
import { streamInfoCases } from "./streams/info.case.js";
import { streamWriteReadCases } from "./streams/write-read.case.js";

/** The stream family, split by theme under `./streams/`. */
export const streamCases: Cases = (ctx, it) => {
  streamWriteReadCases(ctx, it);
  streamGroupCases(ctx, it);
  streamInfoCases(ctx, it);
};
