/**
 * @module XINFO STREAM (and FULL), GROUPS, CONSUMERS and HELP, decoded into objects with camelCase keys.
 * Fields a newer server adds are ignored; fields only newer servers send are optional.
 */
import type { RawReply } from "../../transport.js";
import { nonNegativeInteger, optionsObject } from "../args.js";
import { type Arg, command, type Key } from "../command.js";
import { asArray, asCount, asInteger, asStrings, asText, type RedisInteger } from "../decode.js";
import { ReplyMap } from "./reply-map.js";
import { entries, nullableEntry, type StreamEntry, textValue } from "./shared.js";

/**
 * What XINFO STREAM and XINFO STREAM FULL share. Counters that any client can set (`XSETID ... ENTRIESADDED`,
 * `XGROUP ... ENTRIESREAD`, `XCLAIM ... RETRYCOUNT`) are {@link RedisInteger}s: a `bigint` beyond 2^53.
 */
export interface StreamInfoBase {
  /** Number of entries. */
  length: number;
  radixTreeKeys: number;
  radixTreeNodes: number;
  lastGeneratedId: string;
  /** The highest ID ever deleted (`"0-0"` when none). */
  maxDeletedEntryId: string;
  /** Entries ever added, including deleted ones. */
  entriesAdded: RedisInteger;
  recordedFirstEntryId: string;
}

/** XINFO STREAM. */
export interface StreamInfo extends StreamInfoBase {
  /** Number of consumer groups. */
  groups: number;
  /** `null` for an empty stream. */
  firstEntry: StreamEntry | null;
  lastEntry: StreamEntry | null;
}

/** A group as XINFO GROUPS describes it. */
export interface StreamGroupInfo {
  name: string;
  /** Number of consumers. */
  consumers: number;
  /** Entries delivered and not acknowledged. */
  pending: number;
  lastDeliveredId: string;
  /** The group's read counter; `null` when Redis cannot know it. */
  entriesRead: RedisInteger | null;
  /** Entries not yet delivered to the group; `null` when Redis cannot compute it. */
  lag: RedisInteger | null;
}

/** A consumer as XINFO CONSUMERS describes it. */
export interface StreamConsumerInfo {
  name: string;
  /** Its pending entries. */
  pending: number;
  /** Milliseconds since it last interacted (read, claimed...). */
  idle: number;
  /** Milliseconds since its last successful read (Redis 7.2+; `-1` when it never read). */
  inactive?: number;
}

/** A pending entry in XINFO STREAM FULL, with its consumer. */
export interface StreamPendingInfo {
  id: string;
  consumer: string;
  /** Unix time in ms of its last delivery. */
  deliveryTime: number;
  deliveryCount: RedisInteger;
}

/** A consumer in XINFO STREAM FULL. */
export interface StreamConsumerFullInfo {
  name: string;
  /** Unix time in ms of its last interaction. */
  seenTime: number;
  /** Unix time in ms of its last successful read (Redis 7.2+). */
  activeTime?: number;
  pelCount: number;
  pending: Omit<StreamPendingInfo, "consumer">[];
}

/** A group in XINFO STREAM FULL. */
export interface StreamGroupFullInfo {
  name: string;
  lastDeliveredId: string;
  entriesRead: RedisInteger | null;
  lag: RedisInteger | null;
  pelCount: number;
  pending: StreamPendingInfo[];
  consumers: StreamConsumerFullInfo[];
}

/** XINFO STREAM FULL: the stream with its entries and every group's state. */
export interface StreamInfoFull extends StreamInfoBase {
  entries: StreamEntry[];
  groups: StreamGroupFullInfo[];
}

/** Options of XINFO STREAM FULL. */
export interface XInfoStreamFullOptions {
  /** How many entries and pending entries per group and consumer to return (Redis' default is 10; 0 returns them all). */
  count?: number;
}

function base(map: ReplyMap): StreamInfoBase {
  return {
    length: map.count("length"),
    radixTreeKeys: map.count("radix-tree-keys"),
    radixTreeNodes: map.count("radix-tree-nodes"),
    lastGeneratedId: map.text("last-generated-id"),
    maxDeletedEntryId: map.text("max-deleted-entry-id"),
    entriesAdded: map.integer("entries-added"),
    recordedFirstEntryId: map.text("recorded-first-entry-id"),
  };
}

function asStreamInfo(reply: RawReply): StreamInfo {
  const map = new ReplyMap(reply, "XINFO STREAM");
  return {
    ...base(map),
    groups: map.count("groups"),
    firstEntry: nullableEntry(map.raw("first-entry")),
    lastEntry: nullableEntry(map.raw("last-entry")),
  };
}

const asEntries = /* @__PURE__ */ entries(textValue);

function asPendingFull(reply: RawReply): StreamPendingInfo {
  const [id, consumer, time, count] = asArray(reply);
  return {
    id: asText(id!),
    consumer: asText(consumer!),
    deliveryTime: asCount(time!),
    deliveryCount: asInteger(count!),
  };
}

function asConsumerPending(reply: RawReply): Omit<StreamPendingInfo, "consumer"> {
  const [id, time, count] = asArray(reply);
  return { id: asText(id!), deliveryTime: asCount(time!), deliveryCount: asInteger(count!) };
}

function asConsumerFull(reply: RawReply): StreamConsumerFullInfo {
  const map = new ReplyMap(reply, "an XINFO STREAM FULL consumer");
  const active = map.optionalCount("active-time");
  return {
    name: map.text("name"),
    seenTime: map.count("seen-time"),
    ...(active === undefined || active === null ? {} : { activeTime: active }),
    pelCount: map.count("pel-count"),
    pending: asArray(map.required("pending")).map(asConsumerPending),
  };
}

function asGroupFull(reply: RawReply): StreamGroupFullInfo {
  const map = new ReplyMap(reply, "an XINFO STREAM FULL group");
  return {
    name: map.text("name"),
    lastDeliveredId: map.text("last-delivered-id"),
    entriesRead: map.nullableInteger("entries-read"),
    lag: map.nullableInteger("lag"),
    pelCount: map.count("pel-count"),
    pending: asArray(map.required("pending")).map(asPendingFull),
    consumers: asArray(map.required("consumers")).map(asConsumerFull),
  };
}

function asStreamInfoFull(reply: RawReply): StreamInfoFull {
  const map = new ReplyMap(reply, "XINFO STREAM FULL");
  return {
    ...base(map),
    entries: asEntries(map.required("entries")),
    groups: asArray(map.required("groups")).map(asGroupFull),
  };
}

function asGroups(reply: RawReply): StreamGroupInfo[] {
  return asArray(reply).map((item) => {
    const map = new ReplyMap(item, "an XINFO GROUPS group");
    return {
      name: map.text("name"),
      consumers: map.count("consumers"),
      pending: map.count("pending"),
      lastDeliveredId: map.text("last-delivered-id"),
      entriesRead: map.nullableInteger("entries-read"),
      lag: map.nullableInteger("lag"),
    };
  });
}

function asConsumers(reply: RawReply): StreamConsumerInfo[] {
  return asArray(reply).map((item) => {
    const map = new ReplyMap(item, "an XINFO CONSUMERS consumer");
    const inactive = map.optionalCount("inactive");
    return {
      name: map.text("name"),
      pending: map.count("pending"),
      idle: map.count("idle"),
      ...(inactive === undefined || inactive === null ? {} : { inactive }),
    };
  });
}

export const streamInfoCommands = {
  /**
   * The stream's length, IDs, group count and first and last entries. A missing key rejects with `ReplyError`.
   * @see https://redis.io/commands/xinfo-stream
   */
  xinfoStream: (key: Key) => command(["XINFO", "STREAM", key], asStreamInfo),
  /**
   * XINFO STREAM FULL: the entries and every group with its pending entries and consumers, up to `count` each.
   * @see https://redis.io/commands/xinfo-stream
   */
  xinfoStreamFull: (key: Key, opts?: XInfoStreamFullOptions) => {
    const { count } = optionsObject(opts, "XINFO STREAM FULL");
    const argv: Arg[] = ["XINFO", "STREAM", key, "FULL"];
    if (count !== undefined) argv.push("COUNT", nonNegativeInteger(count, "XINFO STREAM FULL count"));
    return command(argv, asStreamInfoFull);
  },
  /** The stream's consumer groups. @see https://redis.io/commands/xinfo-groups */
  xinfoGroups: (key: Key) => command(["XINFO", "GROUPS", key], asGroups),
  /** A group's consumers. @see https://redis.io/commands/xinfo-consumers */
  xinfoConsumers: (key: Key, group: Key) => command(["XINFO", "CONSUMERS", key, group], asConsumers),
  /** The server's help text for XINFO, one line per element. @see https://redis.io/commands/xinfo-help */
  xinfoHelp: () => command(["XINFO", "HELP"], asStrings),
};
