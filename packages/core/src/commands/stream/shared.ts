/** @module Types, argument checks and reply decoders shared by the stream commands. */
import { InvalidArgumentError } from "../../errors.js";
import type { RawReply } from "../../transport.js";
import { nonNegativeInteger, pairs, uint64Text } from "../args.js";
import { type Arg, describe, type Key, type Value } from "../command.js";
import { asArray, asBytes, asRecordOf, asText } from "../decode.js";
import { unexpectedReply } from "./reply-map.js";

/** The fields of an entry to add: a record, or `[field, value]` pairs (for binary field names or a fixed order). */
export type StreamFields = Record<string, Value> | readonly (readonly [Key, Value])[];

/**
 * One stream entry. `fields` is a record: when an entry repeats a field name, the last value wins, and the
 * record's key order is JavaScript's (insertion order, except that integer-like names such as `"2"` come first).
 * Use `call("XRANGE", ...)` when the exact field order or repeated names matter.
 * `T` is `string`, or `Uint8Array` for the `...Bytes` variants (field names are always text).
 */
export interface StreamEntry<T = string> {
  /** The entry ID, `"<milliseconds>-<sequence>"`. */
  id: string;
  fields: Record<string, T>;
}

/**
 * An entry read by XREADGROUP. `fields` is `null` for an entry deleted while it was pending, which only
 * happens when reading a consumer's history (an ID other than `">"`).
 */
export interface StreamGroupEntry<T = string> {
  id: string;
  fields: Record<string, T> | null;
}

/** The entries XREAD or XREADGROUP got from one stream. */
export interface StreamReadResult<E = StreamEntry> {
  /** The stream's key, as UTF-8 text. */
  stream: string;
  entries: E[];
}

/**
 * Streams to read and the ID to read after, for XREAD/XREADGROUP: a record `{ stream: id }`, or
 * `[stream, id]` pairs (for binary keys or a fixed order). IDs: an entry ID, `"$"` (XREAD: only new entries)
 * or `">"` (XREADGROUP: entries never delivered to the group).
 */
export type StreamOffsets = Record<string, string> | readonly (readonly [Key, string])[];

/**
 * Trimming, for XTRIM and XADD: keep at most `maxlen` entries, or drop entries older than `minid`.
 * `approximate` (Redis' `~`) lets Redis trim whole nodes only, which is much cheaper; otherwise the trim is
 * exact (`=`). `limit` caps how many entries one call evicts and needs `approximate`.
 */
export interface StreamTrimOptions {
  maxlen?: number;
  minid?: string;
  approximate?: boolean;
  limit?: number;
}

const ENTRY_ID = /^\d+(?:-\d+)?$/;
const NEW_ID = /^(?:\*|\d+(?:-(?:\d+|\*))?)$/;
const RANGE_ID = /^(?:[-+]|\(?\d+(?:-\d+)?)$/;
const START_ID = /^(?:[-+]|\d+(?:-\d+)?)$/;
/** `0`, `0-0` and spellings of it with more zeros: the one ID no entry can have. */
const ZERO_ID = /^0+(?:-0+)?$/;

/** Checks an ID's form, and that its milliseconds and sequence parts fit 64 bits, as Redis reads them. */
function checkId(value: unknown, pattern: RegExp, expected: string, name: string): string {
  if (typeof value !== "string" || !pattern.test(value)) {
    throw new InvalidArgumentError(`${name} must be ${expected}, got ${describe(value)}.`);
  }
  for (const part of value.match(/\d+/g) ?? []) uint64Text(part, `${name}: each part of an ID`);
  return value;
}

/** A complete entry ID: `"1526919030474-55"`, or `"1526919030474"` (sequence 0). */
export function entryId(value: unknown, name: string): string {
  return checkId(value, ENTRY_ID, 'an entry ID such as "1526919030474-0"', name);
}

/** Entry IDs, at least one. */
export function entryIds(values: string | readonly string[], name: string): string[] {
  const list = typeof values === "string" ? [values] : Array.isArray(values) ? values : [];
  if (list.length === 0) throw new InvalidArgumentError(`${name} needs at least one entry ID.`);
  return list.map((id) => entryId(id, `${name} ID`));
}

/** The ID of a new entry: `"*"` (generated), `"<ms>-*"` (generated sequence) or an explicit ID above `0-0`. */
export function newEntryId(value: unknown, name: string): string {
  const id = checkId(value, NEW_ID, '"*", "<ms>-*" or an entry ID such as "1526919030474-0"', name);
  if (ZERO_ID.test(id)) throw new InvalidArgumentError(`${name} must be greater than 0-0, got "${id}".`);
  return id;
}

/** A range bound: `"-"` (the first entry), `"+"` (the last), an entry ID, or `"(id"` to exclude it. */
export function rangeId(value: unknown, name: string): string {
  return checkId(value, RANGE_ID, '"-", "+", an entry ID or "(" followed by an entry ID', name);
}

/** Where XAUTOCLAIM starts scanning: `"-"` (the beginning), `"+"` or an entry ID. */
export function startId(value: unknown, name: string): string {
  return checkId(value, START_ID, '"-", "+" or an entry ID such as "0-0"', name);
}

/** A group's last-delivered ID: `"$"` (the stream's last entry) or an entry ID (`"0"` for everything). */
export function groupId(value: unknown, name: string): string {
  return value === "$" ? value : checkId(value, ENTRY_ID, '"$" or an entry ID such as "0"', name);
}

/** `MAXLEN|MINID [=|~] threshold [LIMIT count]`; `[]` when neither is set unless `required`. */
export function trimArgs(trim: StreamTrimOptions, name: string, required: boolean): Arg[] {
  const { maxlen, minid, approximate, limit } = trim;
  if (maxlen !== undefined && minid !== undefined) {
    throw new InvalidArgumentError(`${name}: options maxlen and minid cannot be combined.`);
  }
  if (maxlen === undefined && minid === undefined) {
    if (required) throw new InvalidArgumentError(`${name} needs maxlen or minid.`);
    if (approximate !== undefined || limit !== undefined) {
      throw new InvalidArgumentError(`${name}: approximate and limit need maxlen or minid.`);
    }
    return [];
  }
  if (limit !== undefined && approximate !== true) {
    throw new InvalidArgumentError(`${name}: limit needs approximate: true (Redis' "~").`);
  }
  const out: Arg[] =
    maxlen !== undefined
      ? ["MAXLEN", approximate ? "~" : "=", nonNegativeInteger(maxlen, `${name} maxlen`)]
      : ["MINID", approximate ? "~" : "=", entryId(minid, `${name} minid`)];
  if (limit !== undefined) out.push("LIMIT", nonNegativeInteger(limit, `${name} limit`));
  return out;
}

/** XADD fields as `field value ...` arguments; rejects anything but a non-empty record or list of pairs. */
export function fieldArgs(fields: StreamFields, name: string): Arg[] {
  if (typeof fields !== "object" || fields === null || fields instanceof Uint8Array) {
    throw new InvalidArgumentError(
      `${name} needs a record or a list of [field, value] pairs, got ${describe(fields)}.`,
    );
  }
  if (Array.isArray(fields)) {
    for (const entry of fields) {
      if (!Array.isArray(entry) || entry.length !== 2) {
        throw new InvalidArgumentError(
          `${name}: every entry must be a [field, value] pair, got ${describe(entry)}.`,
        );
      }
    }
  }
  return pairs(fields as Record<string, Value>, name);
}

/** `key... id...` of XREAD/XREADGROUP's STREAMS. */
export function offsetArgs(offsets: StreamOffsets, name: string, group: boolean): Arg[] {
  if (typeof offsets !== "object" || offsets === null) {
    throw new InvalidArgumentError(
      `${name} needs a record { stream: id } or [stream, id] pairs, got ${describe(offsets)}.`,
    );
  }
  const list = Array.isArray(offsets)
    ? (offsets as readonly (readonly [Key, string])[])
    : Object.entries(offsets as Record<string, string>);
  if (list.length === 0) throw new InvalidArgumentError(`${name} needs at least one stream.`);
  const keys: Arg[] = [];
  const ids: Arg[] = [];
  for (const entry of list) {
    if (!Array.isArray(entry) || entry.length !== 2) {
      throw new InvalidArgumentError(`${name}: every stream must be a [stream, id] pair.`);
    }
    const [key, id] = entry;
    keys.push(key);
    ids.push(group ? groupReadId(id, name) : readId(id, name));
  }
  return [...keys, ...ids];
}

function groupReadId(id: unknown, name: string): string {
  return id === ">" ? id : checkId(id, ENTRY_ID, '">" or an entry ID such as "0"', `${name} ID`);
}

/**
 * An XREAD ID. `"+"` (the last entry) is refused: only Redis 7.4 and later know it, and a pool does not know its
 * server's version before it sends.
 */
function readId(id: unknown, name: string): string {
  if (id === "+") {
    throw new InvalidArgumentError(
      `${name} ID "+" (the last entry) needs Redis 7.4 or later; there, send it with pool.call("XREAD", ...).`,
    );
  }
  return id === "$" ? id : checkId(id, ENTRY_ID, '"$" or an entry ID such as "0"', `${name} ID`);
}

type FieldValue<T> = (reply: RawReply) => T;

/** A string value inside a stream reply (never nil). */
export const textValue: FieldValue<string> = (reply) => asText(reply);
/** A byte-string value inside a stream reply (never nil). */
export const bytesValue: FieldValue<Uint8Array> = (reply) =>
  asBytes(reply) ?? unexpectedReply("a string", reply);

function fieldsRecord<T>(reply: RawReply, value: FieldValue<T>): Record<string, T> {
  return asRecordOf(asArray(reply), value);
}

/** `[id, [field, value, ...]]`; `fields` is `null` when the entry was deleted (XREADGROUP history). */
export function groupEntry<T>(value: FieldValue<T>) {
  return (reply: RawReply): StreamGroupEntry<T> => {
    const [id, fields] = asArray(reply);
    if (id === undefined || fields === undefined) unexpectedReply("an [id, fields] entry", reply);
    return { id: asText(id), fields: fields === null ? null : fieldsRecord(fields, value) };
  };
}

/** `[id, [field, value, ...]]`. */
export function entry<T>(value: FieldValue<T>) {
  const decode = groupEntry(value);
  return (reply: RawReply): StreamEntry<T> => {
    const decoded = decode(reply);
    if (decoded.fields === null) unexpectedReply("an entry with fields", null);
    return decoded as StreamEntry<T>;
  };
}

/** An array of entries (XRANGE, XCLAIM). Nil entries (XCLAIM of deleted entries before Redis 7) are skipped. */
export function entries<T>(value: FieldValue<T>) {
  const decode = entry(value);
  return (reply: RawReply): StreamEntry<T>[] =>
    reply === null ? [] : asArray(reply).flatMap((item) => (item === null ? [] : [decode(item)]));
}

/** An entry or nil (XINFO STREAM's first-entry and last-entry). */
export function nullableEntry(reply: RawReply | undefined): StreamEntry | null {
  return reply === undefined || reply === null ? null : entry(textValue)(reply);
}

/** `[[stream, [entry...]], ...]` or nil (XREAD, XREADGROUP). */
export function readResults<E>(decodeEntry: (reply: RawReply) => E) {
  return (reply: RawReply): StreamReadResult<E>[] | null => {
    if (reply === null) return null;
    return asArray(reply).map((item) => {
      const [stream, list] = asArray(item);
      if (stream === undefined || list === undefined) unexpectedReply("a [stream, entries] pair", item);
      return { stream: asText(stream), entries: list === null ? [] : asArray(list).map(decodeEntry) };
    });
  };
}
