/** @module Streams: explicit IDs (so both sides agree), repeated field names, groups, claims and XINFO. */
import fc from "fast-check";
import { key, member, value } from "../inputs.js";
import { type Family, gen, op } from "../op.js";
import type { Raw } from "../rules.js";
import { bool, count, int, list, record, text, textOf } from "../rules.js";

/** Small explicit IDs (never 0-0, which no entry can have): they collide, and some go below the last one. */
const id = fc
  .tuple(fc.nat(3), fc.nat(2))
  .filter(([ms, seq]) => ms + seq > 0)
  .map(([ms, seq]) => `${ms}-${seq}`);
const ids = fc.array(id, { minLength: 1, maxLength: 3 });

/** `[id, [field, value, ...]]` as `{ id, fields }` (the last of a repeated field wins); nil stays nil. */
const entry = (r: Raw) => {
  if (r === null) return null;
  const [entryId, fields] = r as Raw[];
  return { id: textOf(entryId!), fields: fields === null ? null : record(textOf)(fields!) };
};
const entries = (r: Raw) => list(entry)(r).filter((e) => e !== null);
const reads = (r: Raw) =>
  r === null
    ? null
    : (r as Raw[]).map((s) => ({ stream: textOf((s as Raw[])[0]!), entries: list(entry)((s as Raw[])[1]!) }));

/** A flat `name, value, ...` reply as a lookup. */
const fields = (r: Raw) => {
  const items = r as Raw[];
  const map = new Map<string, Raw>();
  for (let i = 0; i + 1 < items.length; i += 2) map.set(textOf(items[i]!), items[i + 1]!);
  return map;
};
const nullableInt = (r: Raw) => (r === null ? null : int(r));

function streamInfo(r: Raw) {
  const m = fields(r);
  return {
    length: count(m.get("length")!),
    radixTreeKeys: count(m.get("radix-tree-keys")!),
    radixTreeNodes: count(m.get("radix-tree-nodes")!),
    lastGeneratedId: textOf(m.get("last-generated-id")!),
    maxDeletedEntryId: textOf(m.get("max-deleted-entry-id")!),
    entriesAdded: int(m.get("entries-added")!),
    recordedFirstEntryId: textOf(m.get("recorded-first-entry-id")!),
    groups: count(m.get("groups")!),
    firstEntry: entry(m.get("first-entry") ?? null),
    lastEntry: entry(m.get("last-entry") ?? null),
  };
}

const groups = list((g) => {
  const m = fields(g);
  return {
    name: textOf(m.get("name")!),
    consumers: count(m.get("consumers")!),
    pending: count(m.get("pending")!),
    lastDeliveredId: textOf(m.get("last-delivered-id")!),
    entriesRead: nullableInt(m.get("entries-read")!),
    lag: nullableInt(m.get("lag")!),
  };
});

const autoClaim = (r: Raw) => {
  const [next, claimed, deleted] = r as Raw[];
  return { nextId: textOf(next!), claimed: entries(claimed!), deletedIds: list(textOf)(deleted ?? null) };
};

export const streams: Family = (inputs) => {
  const pairs = fc.array(fc.tuple(member, value(inputs)), { minLength: 1, maxLength: 3 });
  return [
    gen([key, pairs, id], (k, fs, at) =>
      op("xadd", [k, fs, { id: at }], ["XADD", k, at, ...fs.flat()], text),
    ),
    gen([key, pairs, id, fc.nat(3)], (k, fs, at, maxlen) =>
      op(
        "xadd",
        [k, fs, { id: at, maxlen }],
        ["XADD", k, "MAXLEN", "=", String(maxlen), at, ...fs.flat()],
        text,
      ),
    ),
    gen([key], (k) => op("xlen", [k], ["XLEN", k], count)),
    gen([key], (k) => op("xrange", [k], ["XRANGE", k, "-", "+"], entries)),
    gen([key, fc.integer({ min: 1, max: 3 })], (k, n) =>
      op("xrevrange", [k, "+", "-", { count: n }], ["XREVRANGE", k, "+", "-", "COUNT", String(n)], entries),
    ),
    gen([key, ids], (k, xs) => op("xdel", [k, ...xs], ["XDEL", k, ...xs], count)),
    gen([key, fc.nat(3)], (k, maxlen) =>
      op("xtrim", [k, { maxlen }], ["XTRIM", k, "MAXLEN", "=", String(maxlen)], count),
    ),
    gen([key, id, fc.nat({ max: Number.MAX_SAFE_INTEGER })], (k, at, added) =>
      op(
        "xsetid",
        [k, at, { entriesAdded: added }],
        ["XSETID", k, at, "ENTRIESADDED", String(added)],
        textOf,
      ),
    ),
    gen([key], (k) => ({
      ...op(
        "xgroupCreate",
        [k, "g", "0", { mkstream: true }],
        ["XGROUP", "CREATE", k, "g", "0", "MKSTREAM"],
        (r) => textOf(r) === "OK",
      ),
      recover: (error: Error) => (error.message.startsWith("BUSYGROUP") ? false : undefined),
    })),
    gen([key, fc.integer({ min: 1, max: 3 })], (k, n) =>
      op(
        "xreadgroup",
        ["g", "c", [[k, ">"]], { count: n }],
        ["XREADGROUP", "GROUP", "g", "c", "COUNT", String(n), "STREAMS", k, ">"],
        reads,
      ),
    ),
    gen([key], (k) =>
      op("xreadgroup", ["g", "c", [[k, "0"]]], ["XREADGROUP", "GROUP", "g", "c", "STREAMS", k, "0"], reads),
    ),
    gen([key, ids], (k, xs) => op("xack", [k, "g", ...xs], ["XACK", k, "g", ...xs], count)),
    gen([key, id], (k, after) => op("xread", [[[k, after]]], ["XREAD", "STREAMS", k, after], reads)),
    gen([key, fc.constantFrom("-", "0-0", "1-0")], (k, start) =>
      op("xautoclaim", [k, "g", "c2", 0, start], ["XAUTOCLAIM", k, "g", "c2", "0", start], autoClaim),
    ),
    gen([key, ids], (k, xs) =>
      op("xclaim", [k, "g", "c3", 0, xs], ["XCLAIM", k, "g", "c3", "0", ...xs], entries),
    ),
    gen([key], (k) => op("xinfoStream", [k], ["XINFO", "STREAM", k], streamInfo)),
    gen([key], (k) => op("xinfoGroups", [k], ["XINFO", "GROUPS", k], groups)),
    gen([key, fc.constantFrom("c", "c2", "z")], (k, c) =>
      op("xgroupCreateconsumer", [k, "g", c], ["XGROUP", "CREATECONSUMER", k, "g", c], bool),
    ),
  ];
};
