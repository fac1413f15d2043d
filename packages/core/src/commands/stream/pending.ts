/** @module Pending entries of consumer groups: XACK, XPENDING, XCLAIM and XAUTOCLAIM. */
import { InvalidArgumentError } from "../../errors.js";
import type { RawReply } from "../../transport.js";
import { nonNegativeInteger, optionsObject, positiveInteger } from "../args.js";
import { type Arg, command, type Key } from "../command.js";
import { asArray, asCount, asInteger, asString, asStrings, asText, type RedisInteger } from "../decode.js";
import { unexpectedReply } from "./reply-map.js";
import { entries, entryId, entryIds, rangeId, type StreamEntry, startId, textValue } from "./shared.js";

/** XPENDING's summary of a group. */
export interface PendingSummary {
  /** Entries delivered and not yet acknowledged. */
  count: number;
  /** The smallest and greatest pending IDs; `null` when nothing is pending. */
  smallest: string | null;
  greatest: string | null;
  /** Each consumer with pending entries, and how many it has. */
  consumers: { name: string; pending: number }[];
}

/** One pending entry, from XPENDING's extended form. */
export interface PendingEntry {
  id: string;
  /** The consumer it was last delivered to. */
  consumer: string;
  /** Milliseconds since it was last delivered. */
  idleMs: number;
  /** How many times it was delivered: a `bigint` beyond 2^53 (XCLAIM's RETRYCOUNT can set any count). */
  deliveries: RedisInteger;
}

/** Options of XPENDING's extended form. */
export interface XPendingRangeOptions {
  /** Only entries idle for at least this many milliseconds (IDLE). */
  idle?: number;
  /** Only this consumer's entries. */
  consumer?: Key;
}

/** Options of XCLAIM. */
export interface XClaimOptions {
  /** Set the entries' idle time to this many ms (IDLE); 0 by default. Exclusive with `time`. */
  idle?: number;
  /** Set the entries' last delivery to this Unix time in ms (TIME). */
  time?: number;
  /** Set the delivery counter (RETRYCOUNT). */
  retrycount?: number;
  /** Create pending entries for IDs that are not pending yet, when they exist in the stream (FORCE). */
  force?: boolean;
  /** Advance the group's last-delivered ID to this ID (LASTID). */
  lastid?: string;
}

/** Options of XAUTOCLAIM. */
export interface XAutoClaimOptions {
  /** Examine at most this many pending entries (Redis' default is 100). */
  count?: number;
}

/** What XAUTOCLAIM claimed. */
export interface AutoClaimResult<T> {
  /** The ID to pass as `start` to continue scanning; `"0-0"` once the whole pending list was scanned. */
  nextId: string;
  /** The claimed entries (or their IDs for the JUSTID form). */
  claimed: T[];
  /** IDs that were pending but no longer exist in the stream; Redis removed them from the pending list. */
  deletedIds: string[];
}

function asPendingSummary(reply: RawReply): PendingSummary {
  const [count, smallest, greatest, consumers] = asArray(reply);
  if (count === undefined) unexpectedReply("an XPENDING summary", reply);
  return {
    count: asCount(count),
    smallest: asString(smallest ?? null),
    greatest: asString(greatest ?? null),
    consumers:
      consumers === undefined || consumers === null
        ? []
        : asArray(consumers).map((item) => {
            const [name, pending] = asArray(item);
            // The count arrives as a bulk string.
            return { name: asText(name ?? null), pending: Number(asText(pending ?? null)) };
          }),
  };
}

function asPendingEntries(reply: RawReply): PendingEntry[] {
  return asArray(reply).map((item) => {
    const [id, consumer, idle, deliveries] = asArray(item);
    if (deliveries === undefined) unexpectedReply("an [id, consumer, idle, deliveries] entry", item);
    return {
      id: asText(id!),
      consumer: asText(consumer!),
      idleMs: asCount(idle!),
      deliveries: asInteger(deliveries),
    };
  });
}

function autoClaim<T>(claimed: (reply: RawReply) => T[]) {
  return (reply: RawReply): AutoClaimResult<T> => {
    const [next, list, deleted] = asArray(reply);
    if (next === undefined || list === undefined) unexpectedReply("an XAUTOCLAIM reply", reply);
    return { nextId: asText(next), claimed: claimed(list), deletedIds: asStrings(deleted ?? null) };
  };
}

function claimArgs(
  key: Key,
  group: Key,
  consumer: Key,
  minIdleMs: number,
  ids: string | readonly string[],
  opts: XClaimOptions | undefined,
  justId: boolean,
): Arg[] {
  const o = optionsObject(opts, "XCLAIM");
  if (o.idle !== undefined && o.time !== undefined) {
    throw new InvalidArgumentError("XCLAIM: options idle and time cannot be combined.");
  }
  const out: Arg[] = [
    "XCLAIM",
    key,
    group,
    consumer,
    nonNegativeInteger(minIdleMs, "XCLAIM min idle time"),
    ...entryIds(ids, "XCLAIM"),
  ];
  if (o.idle !== undefined) out.push("IDLE", nonNegativeInteger(o.idle, "XCLAIM idle"));
  if (o.time !== undefined) out.push("TIME", nonNegativeInteger(o.time, "XCLAIM time"));
  if (o.retrycount !== undefined)
    out.push("RETRYCOUNT", nonNegativeInteger(o.retrycount, "XCLAIM retrycount"));
  if (o.force) out.push("FORCE");
  if (justId) out.push("JUSTID");
  if (o.lastid !== undefined) out.push("LASTID", entryId(o.lastid, "XCLAIM lastid"));
  return out;
}

function autoClaimArgs(
  key: Key,
  group: Key,
  consumer: Key,
  minIdleMs: number,
  start: string,
  opts: XAutoClaimOptions | undefined,
  justId: boolean,
): Arg[] {
  const { count } = optionsObject(opts, "XAUTOCLAIM");
  const out: Arg[] = [
    "XAUTOCLAIM",
    key,
    group,
    consumer,
    nonNegativeInteger(minIdleMs, "XAUTOCLAIM min idle time"),
    startId(start, "XAUTOCLAIM start"),
  ];
  if (count !== undefined) out.push("COUNT", positiveInteger(count, "XAUTOCLAIM count"));
  if (justId) out.push("JUSTID");
  return out;
}

const asEntries = /* @__PURE__ */ entries(textValue);
const asAutoClaim = /* @__PURE__ */ autoClaim<StreamEntry>(asEntries);
const asAutoClaimIds = /* @__PURE__ */ autoClaim(asStrings);

export const streamPendingCommands = {
  /** Acknowledges entries, removing them from the group's pending list. @returns how many were pending. @see https://redis.io/commands/xack */
  xack: (key: Key, group: Key, ...ids: string[]) =>
    command(["XACK", key, group, ...entryIds(ids, "XACK")], asCount),
  /**
   * The summary of a group's pending entries: how many, the smallest and greatest IDs, and per consumer.
   * @see https://redis.io/commands/xpending
   */
  xpending: (key: Key, group: Key) => command(["XPENDING", key, group], asPendingSummary),
  /**
   * XPENDING's extended form: up to `count` pending entries between `start` and `end` (`"-"`, `"+"`, IDs,
   * `"(id"`), with their consumer, idle time and delivery count.
   * @example await pool.xpendingRange("jobs", "workers", "-", "+", 10, { idle: 60_000 })
   * @see https://redis.io/commands/xpending
   */
  xpendingRange: (
    key: Key,
    group: Key,
    start: string,
    end: string,
    count: number,
    opts?: XPendingRangeOptions,
  ) => {
    const { idle, consumer } = optionsObject(opts, "XPENDING");
    const out: Arg[] = ["XPENDING", key, group];
    if (idle !== undefined) out.push("IDLE", nonNegativeInteger(idle, "XPENDING idle"));
    out.push(
      rangeId(start, "XPENDING start"),
      rangeId(end, "XPENDING end"),
      nonNegativeInteger(count, "XPENDING count"),
    );
    if (consumer !== undefined) out.push(consumer);
    return command(out, asPendingEntries);
  },
  /**
   * Takes over pending entries idle for at least `minIdleMs`, giving them to `consumer`.
   * @returns the claimed entries (entries deleted from the stream are dropped from the pending list, not returned).
   * @see https://redis.io/commands/xclaim
   */
  xclaim: (
    key: Key,
    group: Key,
    consumer: Key,
    minIdleMs: number,
    ids: string | readonly string[],
    opts?: XClaimOptions,
  ) => command(claimArgs(key, group, consumer, minIdleMs, ids, opts, false), asEntries),
  /**
   * XCLAIM with JUSTID: claims without incrementing the delivery count and returns only the IDs.
   * @see https://redis.io/commands/xclaim
   */
  xclaimJustId: (
    key: Key,
    group: Key,
    consumer: Key,
    minIdleMs: number,
    ids: string | readonly string[],
    opts?: XClaimOptions,
  ) => command(claimArgs(key, group, consumer, minIdleMs, ids, opts, true), asStrings),
  /**
   * Scans the pending list from `start` (`"0-0"` or `"-"` for the beginning) and claims entries idle for at least
   * `minIdleMs`. Continue with the returned `nextId` until it is `"0-0"`.
   * @example const { nextId, claimed } = await pool.xautoclaim("jobs", "workers", "w2", 60_000, "0-0", { count: 25 })
   * @see https://redis.io/commands/xautoclaim
   */
  xautoclaim: (
    key: Key,
    group: Key,
    consumer: Key,
    minIdleMs: number,
    start = "0-0",
    opts?: XAutoClaimOptions,
  ) => command(autoClaimArgs(key, group, consumer, minIdleMs, start, opts, false), asAutoClaim),
  /** XAUTOCLAIM with JUSTID: `claimed` holds IDs only, and delivery counts are not incremented. @see https://redis.io/commands/xautoclaim */
  xautoclaimJustId: (
    key: Key,
    group: Key,
    consumer: Key,
    minIdleMs: number,
    start = "0-0",
    opts?: XAutoClaimOptions,
  ) => command(autoClaimArgs(key, group, consumer, minIdleMs, start, opts, true), asAutoClaimIds),
};
