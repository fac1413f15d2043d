/** @module Generic key commands. */
import { InvalidArgumentError } from "../errors.js";
import { databaseIndex, integer, nonEmpty, positiveInteger, uint64Text } from "./args.js";
import { type Arg, command, type Key } from "./command.js";
import { asBoolean, asCount, asScanPage, asString, asStrings, asText } from "./decode.js";

/** The condition flags of EXPIRE and its relatives (Redis 7). */
export type ExpireCondition = "NX" | "XX" | "GT" | "LT";

/** Options of SCAN. */
export interface ScanOptions {
  /** A glob-style pattern. */
  match?: string;
  /** A hint for how many keys each page examines. */
  count?: number;
  /** Only keys of this type (`string`, `list`, `hash`, ...). */
  type?: string;
}

/** Options of COPY. */
export interface CopyOptions {
  /** Copy into another database of the same server. */
  db?: number;
  replace?: boolean;
}

function condition(value: ExpireCondition | undefined, name: string): Arg[] {
  if (value === undefined) return [];
  if (value !== "NX" && value !== "XX" && value !== "GT" && value !== "LT") {
    throw new InvalidArgumentError(
      `${name}: condition must be "NX", "XX", "GT" or "LT", got ${String(value)}.`,
    );
  }
  return [value];
}

/** SCAN-family options as argv. @internal */
export function scanArgs(options: ScanOptions, name: string): Arg[] {
  const out: Arg[] = [];
  if (options.match !== undefined) out.push("MATCH", options.match);
  if (options.count !== undefined) out.push("COUNT", positiveInteger(options.count, `${name} count`));
  if (options.type !== undefined) out.push("TYPE", options.type);
  return out;
}

export const keyCommands = {
  /** @returns how many keys were removed. @see https://redis.io/commands/del */
  del: (...keys: Key[]) => command(["DEL", ...nonEmpty(keys, "DEL")], asCount),
  /** @see https://redis.io/commands/unlink */
  unlink: (...keys: Key[]) => command(["UNLINK", ...nonEmpty(keys, "UNLINK")], asCount),
  /** @returns how many of the keys exist (a key named twice counts twice). @see https://redis.io/commands/exists */
  exists: (...keys: Key[]) => command(["EXISTS", ...nonEmpty(keys, "EXISTS")], asCount),
  /** @see https://redis.io/commands/expire */
  expire: (key: Key, seconds: number, when?: ExpireCondition) =>
    command(["EXPIRE", key, integer(seconds, "EXPIRE seconds"), ...condition(when, "EXPIRE")], asBoolean),
  /** @see https://redis.io/commands/pexpire */
  pexpire: (key: Key, milliseconds: number, when?: ExpireCondition) =>
    command(
      ["PEXPIRE", key, integer(milliseconds, "PEXPIRE milliseconds"), ...condition(when, "PEXPIRE")],
      asBoolean,
    ),
  /** @see https://redis.io/commands/expireat */
  expireat: (key: Key, unixSeconds: number, when?: ExpireCondition) =>
    command(
      ["EXPIREAT", key, integer(unixSeconds, "EXPIREAT timestamp"), ...condition(when, "EXPIREAT")],
      asBoolean,
    ),
  /** @see https://redis.io/commands/pexpireat */
  pexpireat: (key: Key, unixMilliseconds: number, when?: ExpireCondition) =>
    command(
      ["PEXPIREAT", key, integer(unixMilliseconds, "PEXPIREAT timestamp"), ...condition(when, "PEXPIREAT")],
      asBoolean,
    ),
  /** @see https://redis.io/commands/expiretime */
  expiretime: (key: Key) => command(["EXPIRETIME", key], asCount),
  /** @see https://redis.io/commands/pexpiretime */
  pexpiretime: (key: Key) => command(["PEXPIRETIME", key], asCount),
  /** Seconds left; -1 without expiry, -2 when missing. @see https://redis.io/commands/ttl */
  ttl: (key: Key) => command(["TTL", key], asCount),
  /** Milliseconds left; -1 without expiry, -2 when missing. @see https://redis.io/commands/pttl */
  pttl: (key: Key) => command(["PTTL", key], asCount),
  /** @see https://redis.io/commands/persist */
  persist: (key: Key) => command(["PERSIST", key], asBoolean),
  /** `"string"`, `"list"`, ..., or `"none"`. @see https://redis.io/commands/type */
  type: (key: Key) => command(["TYPE", key], asText),
  /** @see https://redis.io/commands/rename */
  rename: (key: Key, newKey: Key) => command(["RENAME", key, newKey], asText),
  /** @see https://redis.io/commands/renamenx */
  renamenx: (key: Key, newKey: Key) => command(["RENAMENX", key, newKey], asBoolean),
  /** Prefer `scanIterator()` on large databases. @see https://redis.io/commands/keys */
  keys: (pattern: string) => command(["KEYS", pattern], asStrings),
  /** One page; see `pool.scanIterator()` for every key. @see https://redis.io/commands/scan */
  scan: (cursor: string | number, options: ScanOptions = {}) =>
    command(["SCAN", cursorArg(cursor), ...scanArgs(options, "SCAN")], (r) => asScanPage<string>(r)),
  /** @see https://redis.io/commands/touch */
  touch: (...keys: Key[]) => command(["TOUCH", ...nonEmpty(keys, "TOUCH")], asCount),
  /** @see https://redis.io/commands/randomkey */
  randomkey: () => command(["RANDOMKEY"], asString),
  /** Copies a key; onto itself only into another database (`db`). @see https://redis.io/commands/copy */
  copy: (source: Key, destination: Key, options: CopyOptions = {}) => {
    if (options.db === undefined && sameKey(source, destination)) {
      throw new InvalidArgumentError(
        "COPY: the source and the destination are the same key; give another db.",
      );
    }
    return command(
      [
        "COPY",
        source,
        destination,
        ...(options.db === undefined ? [] : ["DB", databaseIndex(options.db, "COPY db")]),
        ...(options.replace ? ["REPLACE"] : []),
      ],
      asBoolean,
    );
  },
};

/** Whether two keys are the same bytes (text as the transports send it: UTF-8); false for a non-key. */
function sameKey(a: unknown, b: unknown): boolean {
  const bytes = (k: unknown) =>
    typeof k === "string" ? new TextEncoder().encode(k) : k instanceof Uint8Array ? k : undefined;
  const x = bytes(a);
  const y = bytes(b);
  return x !== undefined && y !== undefined && x.length === y.length && x.every((byte, i) => byte === y[i]);
}

/** A SCAN cursor: the string Redis returned (an unsigned 64-bit integer), or 0 to start. @internal */
export function cursorArg(cursor: string | number): string {
  const text = typeof cursor === "number" ? String(integer(cursor, "A scan cursor")) : cursor;
  if (typeof text !== "string") throw new InvalidArgumentError("A scan cursor must be a string or a number.");
  return uint64Text(text, 'A scan cursor ("0" or a cursor Redis returned)');
}
