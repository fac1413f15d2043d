/**
 * @module Stream commands (Redis 7.0), one file per group of commands under `stream/`: writing, reading
 * (XREAD/XREADGROUP with `block` run on a dedicated connection), consumer groups, pending entries and XINFO.
 */
import { merge } from "./merge.js";
import { streamGroupCommands } from "./stream/group.js";
import { streamInfoCommands } from "./stream/info.js";
import { streamPendingCommands } from "./stream/pending.js";
import { streamReadCommands } from "./stream/read.js";
import { streamWriteCommands } from "./stream/write.js";

export type { XGroupCreateOptions, XGroupSetIdOptions } from "./stream/group.js";
export type {
  StreamConsumerFullInfo,
  StreamConsumerInfo,
  StreamGroupFullInfo,
  StreamGroupInfo,
  StreamInfo,
  StreamInfoBase,
  StreamInfoFull,
  StreamPendingInfo,
  XInfoStreamFullOptions,
} from "./stream/info.js";
export type {
  AutoClaimResult,
  PendingEntry,
  PendingSummary,
  XAutoClaimOptions,
  XClaimOptions,
  XPendingRangeOptions,
} from "./stream/pending.js";
export type { XRangeOptions, XReadGroupOptions, XReadOptions } from "./stream/read.js";
export type {
  StreamEntry,
  StreamFields,
  StreamGroupEntry,
  StreamOffsets,
  StreamReadResult,
  StreamTrimOptions,
} from "./stream/shared.js";
export type { XAddOptions, XSetIdOptions } from "./stream/write.js";

export const streamCommands = /* @__PURE__ */ merge(
  streamWriteCommands,
  streamReadCommands,
  streamGroupCommands,
  streamPendingCommands,
  streamInfoCommands,
);
