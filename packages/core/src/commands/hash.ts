/** @module Hash commands (Redis 7.0). */
import { InvalidArgumentError, TransportError } from "../errors.js";
import type { RawReply } from "../transport.js";
import { finite, integer, nonEmpty, pairs, wholeNumber } from "./args.js";
import { type Arg, command, describe, type Key, type Value } from "./command.js";
import {
  asArray,
  asBoolean,
  asBytes,
  asCount,
  asInteger,
  asNullableStrings,
  asNumber,
  asRecord,
  asRecordOf,
  asScanPage,
  asString,
  asStrings,
  asText,
  type ScanPage,
} from "./decode.js";
import { cursorArg, scanArgs } from "./key.js";

/** Fields and values to write: a record, or a list of `[field, value]` pairs (for binary fields or a fixed order). */
export type HashEntries = Record<string, Value> | readonly (readonly [Key, Value])[];

/** One hash field with its value, as returned by HRANDFIELD WITHVALUES and HSCAN. */
export type HashEntry = [field: string, value: string];

/** Options of HSCAN. */
export interface HScanOptions {
  /** A glob-style pattern the fields must match. */
  match?: string;
  /** A hint for how many fields each page examines. */
  count?: number;
}

/** HSET/HMSET arguments; rejects anything but a non-empty record or a list of two-element pairs. */
function entryArgs(entries: HashEntries, name: string): Arg[] {
  if (typeof entries !== "object" || entries === null || entries instanceof Uint8Array) {
    throw new InvalidArgumentError(
      `${name} needs a record or a list of [field, value] pairs, got ${describe(entries)}.`,
    );
  }
  if (Array.isArray(entries)) {
    for (const entry of entries) {
      if (!Array.isArray(entry) || entry.length !== 2) {
        throw new InvalidArgumentError(
          `${name}: every entry must be a [field, value] pair, got ${describe(entry)}.`,
        );
      }
    }
  }
  return pairs(entries, name);
}

/** A flat `field, value, ...` array as `[field, value]` pairs (duplicates kept, order kept). */
function asEntries(reply: RawReply): HashEntry[] {
  const items = reply === null ? [] : asArray(reply);
  const out: HashEntry[] = [];
  for (let i = 0; i + 1 < items.length; i += 2) out.push([asText(items[i]!), asText(items[i + 1]!)]);
  return out;
}

/** A flat `field, value, ...` array as a record of raw values (HGETALL). */
function asBytesRecord(reply: RawReply): Record<string, Uint8Array> {
  return asRecordOf(reply, (value) => asBytes(value) ?? unexpectedNil());
}

function unexpectedNil(): never {
  throw new TransportError("Unexpected reply: expected a string, got nil.");
}

export const hashCommands = {
  /**
   * Sets fields of a hash, creating it when missing.
   * @returns how many fields were added (updated fields are not counted).
   * @example pool.hset("user:1", { name: "Ada", visits: 1 })
   * @see https://redis.io/commands/hset
   */
  hset: (key: Key, entries: HashEntries) => command(["HSET", key, ...entryArgs(entries, "HSET")], asCount),
  /** Sets a field only when it does not exist yet; true when it was set. @see https://redis.io/commands/hsetnx */
  hsetnx: (key: Key, field: Key, value: Value) => command(["HSETNX", key, field, value], asBoolean),
  /** A field's value as text, or `null` when the field or hash is missing. @see https://redis.io/commands/hget */
  hget: (key: Key, field: Key) => command(["HGET", key, field], asString),
  /** HGET that returns the stored bytes exactly. @see https://redis.io/commands/hget */
  hgetBytes: (key: Key, field: Key) => command(["HGET", key, field], asBytes),
  /** Several fields' values, `null` for each missing one. @see https://redis.io/commands/hmget */
  hmget: (key: Key, ...fields: Key[]) =>
    command(["HMGET", key, ...nonEmpty(fields, "HMGET")], asNullableStrings),
  /** Like {@link hset} but resolves to `"OK"` (deprecated in Redis). @see https://redis.io/commands/hmset */
  hmset: (key: Key, entries: HashEntries) => command(["HMSET", key, ...entryArgs(entries, "HMSET")], asText),
  /** Every field and value as a record; `{}` when the hash is missing. @see https://redis.io/commands/hgetall */
  hgetall: (key: Key) => command(["HGETALL", key], asRecord),
  /** HGETALL with every value as the stored bytes; field names are decoded as UTF-8. @see https://redis.io/commands/hgetall */
  hgetallBytes: (key: Key) => command(["HGETALL", key], asBytesRecord),
  /** @returns how many of the fields were removed. @see https://redis.io/commands/hdel */
  hdel: (key: Key, ...fields: Key[]) => command(["HDEL", key, ...nonEmpty(fields, "HDEL")], asCount),
  /** @see https://redis.io/commands/hexists */
  hexists: (key: Key, field: Key) => command(["HEXISTS", key, field], asBoolean),
  /**
   * Adds an integer to a field (created as 0). A bigint increment and results beyond 2^53 are exact.
   * @see https://redis.io/commands/hincrby
   */
  hincrby: (key: Key, field: Key, increment: number | bigint) =>
    command(["HINCRBY", key, field, wholeNumber(increment, "HINCRBY increment")], asInteger),
  /** Adds a finite floating-point number to a field (created as 0); resolves to the new value. @see https://redis.io/commands/hincrbyfloat */
  hincrbyfloat: (key: Key, field: Key, increment: number) =>
    command(["HINCRBYFLOAT", key, field, finite(increment, "HINCRBYFLOAT increment")], asNumber),
  /** @see https://redis.io/commands/hkeys */
  hkeys: (key: Key) => command(["HKEYS", key], asStrings),
  /** @see https://redis.io/commands/hvals */
  hvals: (key: Key) => command(["HVALS", key], asStrings),
  /** Number of fields; 0 when the hash is missing. @see https://redis.io/commands/hlen */
  hlen: (key: Key) => command(["HLEN", key], asCount),
  /** Byte length of a field's value; 0 when missing. @see https://redis.io/commands/hstrlen */
  hstrlen: (key: Key, field: Key) => command(["HSTRLEN", key, field], asCount),
  /** One random field, or `null` when the hash is missing. @see https://redis.io/commands/hrandfield */
  hrandfield: (key: Key) => command(["HRANDFIELD", key], asString),
  /**
   * Random fields: a positive count gives up to `count` distinct fields, a negative count gives exactly
   * `-count` fields that may repeat. `[]` when the hash is missing.
   * @see https://redis.io/commands/hrandfield
   */
  hrandfieldCount: (key: Key, count: number) =>
    command(["HRANDFIELD", key, integer(count, "HRANDFIELD count")], asStrings),
  /**
   * HRANDFIELD with WITHVALUES: `[field, value]` pairs, with the same count rules as
   * {@link hrandfieldCount}. Pairs, not a record, because a negative count may repeat fields.
   * @see https://redis.io/commands/hrandfield
   */
  hrandfieldWithValues: (key: Key, count: number) =>
    command(["HRANDFIELD", key, integer(count, "HRANDFIELD count"), "WITHVALUES"], asEntries),
  /**
   * One page of fields and values as `[field, value]` pairs; `cursor` is `"0"` on the last page.
   * Pass the returned cursor to get the next page. A field may appear on more than one page.
   * @example const { cursor, items } = await pool.hscan("user:1", 0, { match: "addr:*" })
   * @see https://redis.io/commands/hscan
   */
  hscan: (key: Key, cursor: string | number, options: HScanOptions = {}) =>
    command(
      ["HSCAN", key, cursorArg(cursor), ...scanArgs({ match: options.match, count: options.count }, "HSCAN")],
      (r): ScanPage<HashEntry> => asScanPage(r, asEntries),
    ),
};
