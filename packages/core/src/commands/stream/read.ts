/**
 * @module Reading streams: XLEN, XRANGE, XREVRANGE, XREAD and XREADGROUP. With `block`, XREAD and XREADGROUP
 * block server-side; they say how long, and core runs them on a dedicated connection where the transport has one,
 * so a block never delays the pool's other commands.
 */

import { nonNegativeInteger, optionsObject, positiveInteger } from "../args.js";
import { millisTimeoutCommand } from "../blocking.js";
import { type Arg, command, type Key } from "../command.js";
import { asCount } from "../decode.js";
import {
  bytesValue,
  entries,
  entry,
  groupEntry,
  offsetArgs,
  rangeId,
  readResults,
  type StreamOffsets,
  textValue,
} from "./shared.js";

/** Options of XRANGE and XREVRANGE. */
export interface XRangeOptions {
  /** Return at most this many entries. */
  count?: number;
}

/** Options of XREAD. */
export interface XReadOptions {
  /** At most this many entries per stream. */
  count?: number;
  /**
   * Wait up to this many milliseconds for an entry when there is none yet; 0 waits forever.
   * Runs on a dedicated connection (TCP); the HTTP transport only carries short blocks.
   */
  block?: number;
}

/** Options of XREADGROUP. */
export interface XReadGroupOptions extends XReadOptions {
  /** Do not add the delivered entries to the pending entries list (no XACK needed, no redelivery). */
  noack?: boolean;
}

function rangeArgs(name: string, key: Key, from: string, to: string, opts: XRangeOptions | undefined): Arg[] {
  const { count } = optionsObject(opts, name);
  const out: Arg[] = [name, key, rangeId(from, `${name} start`), rangeId(to, `${name} end`)];
  if (count !== undefined) out.push("COUNT", nonNegativeInteger(count, `${name} count`));
  return out;
}

function readArgs(name: string, opts: XReadGroupOptions, streams: StreamOffsets, group: boolean): Arg[] {
  const out: Arg[] = [];
  if (opts.count !== undefined) out.push("COUNT", positiveInteger(opts.count, `${name} count`));
  // BLOCK must come before STREAMS, where Redis reads it.
  if (opts.block !== undefined) out.push("BLOCK", nonNegativeInteger(opts.block, `${name} block`));
  if (opts.noack) out.push("NOACK");
  out.push("STREAMS", ...offsetArgs(streams, name, group));
  return out;
}

function xreadArgs(streams: StreamOffsets, opts: XReadOptions | undefined): Arg[] {
  const { count, block } = optionsObject(opts, "XREAD");
  return ["XREAD", ...readArgs("XREAD", { count, block }, streams, false)];
}

function xreadgroupArgs(
  group: Key,
  consumer: Key,
  streams: StreamOffsets,
  opts: XReadGroupOptions | undefined,
): Arg[] {
  const o = optionsObject(opts, "XREADGROUP");
  return ["XREADGROUP", "GROUP", group, consumer, ...readArgs("XREADGROUP", o, streams, true)];
}

const asEntries = /* @__PURE__ */ entries(textValue);
const asBytesEntries = /* @__PURE__ */ entries(bytesValue);
const asReads = /* @__PURE__ */ readResults(entry(textValue));
const asBytesReads = /* @__PURE__ */ readResults(entry(bytesValue));
const asGroupReads = /* @__PURE__ */ readResults(groupEntry(textValue));
const asGroupBytesReads = /* @__PURE__ */ readResults(groupEntry(bytesValue));

export const streamReadCommands = {
  /** Number of entries; 0 when the stream is missing. @see https://redis.io/commands/xlen */
  xlen: (key: Key) => command(["XLEN", key], asCount),
  /**
   * Entries from `start` to `end`, oldest first. Bounds: `"-"` (first), `"+"` (last), an entry ID, or
   * `"(id"` to exclude it. `[]` when the stream is missing.
   * @example await pool.xrange("events", "-", "+", { count: 10 })
   * @see https://redis.io/commands/xrange
   */
  xrange: (key: Key, start = "-", end = "+", opts?: XRangeOptions) =>
    command(rangeArgs("XRANGE", key, start, end, opts), asEntries),
  /** {@link xrange} with every field value as its exact bytes. @see https://redis.io/commands/xrange */
  xrangeBytes: (key: Key, start = "-", end = "+", opts?: XRangeOptions) =>
    command(rangeArgs("XRANGE", key, start, end, opts), asBytesEntries),
  /**
   * Entries from `end` down to `start`, newest first (note the argument order, as in Redis).
   * @see https://redis.io/commands/xrevrange
   */
  xrevrange: (key: Key, end = "+", start = "-", opts?: XRangeOptions) =>
    command(rangeArgs("XREVRANGE", key, end, start, opts), asEntries),
  /** {@link xrevrange} with field values as bytes. @see https://redis.io/commands/xrevrange */
  xrevrangeBytes: (key: Key, end = "+", start = "-", opts?: XRangeOptions) =>
    command(rangeArgs("XREVRANGE", key, end, start, opts), asBytesEntries),
  /**
   * Entries after the given IDs, per stream (`"$"`: only entries added from now on, with `block`).
   * @returns one `{ stream, entries }` per stream that had entries, or `null` when none had any (after `block`
   * ms when blocking).
   * @example await pool.xread({ events: lastId }, { block: 5000, count: 100 })
   * @see https://redis.io/commands/xread
   */
  xread: (streams: StreamOffsets, opts?: XReadOptions) =>
    millisTimeoutCommand(xreadArgs(streams, opts), asReads, opts?.block),
  /** {@link xread} with field values as bytes. @see https://redis.io/commands/xread */
  xreadBytes: (streams: StreamOffsets, opts?: XReadOptions) =>
    millisTimeoutCommand(xreadArgs(streams, opts), asBytesReads, opts?.block),
  /**
   * Reads as `consumer` of `group`: `">"` delivers entries never delivered to the group (and adds them to the
   * consumer's pending list unless `noack`); an entry ID re-reads the consumer's pending entries after it.
   * @returns one `{ stream, entries }` per stream with entries, or `null` when none had any. An entry's `fields`
   * is `null` when it was deleted while pending.
   * @example await pool.xreadgroup("workers", "w1", { jobs: ">" }, { count: 10, block: 2000 })
   * @see https://redis.io/commands/xreadgroup
   */
  xreadgroup: (group: Key, consumer: Key, streams: StreamOffsets, opts?: XReadGroupOptions) =>
    millisTimeoutCommand(xreadgroupArgs(group, consumer, streams, opts), asGroupReads, opts?.block),
  /** {@link xreadgroup} with field values as bytes. @see https://redis.io/commands/xreadgroup */
  xreadgroupBytes: (group: Key, consumer: Key, streams: StreamOffsets, opts?: XReadGroupOptions) =>
    millisTimeoutCommand(xreadgroupArgs(group, consumer, streams, opts), asGroupBytesReads, opts?.block),
};
