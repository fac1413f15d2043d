/** @module Generic key commands beyond the basics: OBJECT, DUMP/RESTORE, SORT, MOVE and MIGRATE. */
import { InvalidArgumentError } from "../errors.js";
import { databaseIndex, exclusive, integer, keyList, nonNegativeInteger, positiveInteger } from "./args.js";
import { type Arg, command, describe, type Key } from "./command.js";
import {
  asBoolean,
  asBytes,
  asCount,
  asNullableCount,
  asNullableStrings,
  asString,
  asStrings,
  asText,
} from "./decode.js";

/** Options of SORT and SORT_RO. */
export interface SortOptions {
  /** Sort by the values of keys made from this pattern (`*` is the element), or `"nosort"` to skip sorting. */
  by?: string;
  /** Skip `offset` elements, return at most `count`. */
  limit?: { offset: number; count: number };
  /** Return the values of keys made from each pattern (`#` is the element itself) instead of the elements. */
  get?: readonly string[];
  /** @default "ASC" */
  order?: "ASC" | "DESC";
  /** Compare as strings instead of numbers. */
  alpha?: boolean;
}

/** Options of RESTORE. `idleTime` and `freq` cannot be combined. */
export interface RestoreOptions {
  /** Overwrite an existing key instead of failing with BUSYKEY. */
  replace?: boolean;
  /** `ttl` is a Unix time in milliseconds instead of a duration. */
  absTtl?: boolean;
  /** Seconds since the value's last access, for LRU eviction. */
  idleTime?: number;
  /** The LFU access frequency, for LFU eviction. */
  freq?: number;
}

/** Options of MIGRATE. */
export interface MigrateOptions {
  /** Keep the keys on this server. */
  copy?: boolean;
  /** Overwrite existing keys on the target. */
  replace?: boolean;
  /** Credentials of the target server (AUTH password, or AUTH2 username password). */
  auth?: { username?: string; password: string };
}

function sortArgs(options: SortOptions, name: string): Arg[] {
  const out: Arg[] = [];
  if (options.by !== undefined) out.push("BY", options.by);
  if (options.limit !== undefined) {
    out.push(
      "LIMIT",
      nonNegativeInteger(options.limit.offset, `${name} limit offset`),
      integer(options.limit.count, `${name} limit count`),
    );
  }
  for (const pattern of options.get ?? []) out.push("GET", pattern);
  if (options.order !== undefined) {
    if (options.order !== "ASC" && options.order !== "DESC")
      throw new InvalidArgumentError(
        `${name}: order must be "ASC" or "DESC", got ${describe(options.order)}.`,
      );
    out.push(options.order);
  }
  if (options.alpha) out.push("ALPHA");
  return out;
}

function restoreArgs(options: RestoreOptions): Arg[] {
  exclusive(options, ["idleTime", "freq"], "RESTORE");
  const out: Arg[] = [];
  if (options.replace) out.push("REPLACE");
  if (options.absTtl) out.push("ABSTTL");
  if (options.idleTime !== undefined)
    out.push("IDLETIME", nonNegativeInteger(options.idleTime, "RESTORE idleTime"));
  if (options.freq !== undefined) {
    const freq = nonNegativeInteger(options.freq, "RESTORE freq");
    if (freq > 255) throw new InvalidArgumentError(`RESTORE freq must be 0..255, got ${freq}.`);
    out.push("FREQ", freq);
  }
  return out;
}

function migrateArgs(keys: Key | readonly Key[], options: MigrateOptions): { key: Key; tail: Arg[] } {
  const list = keyList(keys, "MIGRATE");
  const tail: Arg[] = [];
  if (options.copy) tail.push("COPY");
  if (options.replace) tail.push("REPLACE");
  if (options.auth !== undefined) {
    const { username, password } = options.auth;
    if (typeof password !== "string") throw new InvalidArgumentError("MIGRATE: auth needs a password.");
    if (username === undefined) tail.push("AUTH", password);
    else tail.push("AUTH2", username, password);
  }
  if (Array.isArray(keys)) return { key: "", tail: [...tail, "KEYS", ...list] };
  return { key: list[0]!, tail };
}

export const keyAdminCommands = {
  /** The internal encoding of a key's value (`"listpack"`, `"int"`, ...), `null` for a missing key. @see https://redis.io/commands/object-encoding */
  objectEncoding: (key: Key) => command(["OBJECT", "ENCODING", key], asString),
  /** The LFU access counter; needs an LFU `maxmemory-policy`. `null` for a missing key. @see https://redis.io/commands/object-freq */
  objectFreq: (key: Key) => command(["OBJECT", "FREQ", key], asNullableCount),
  /** Seconds since the key was last accessed; fails under an LFU policy. `null` for a missing key. @see https://redis.io/commands/object-idletime */
  objectIdletime: (key: Key) => command(["OBJECT", "IDLETIME", key], asNullableCount),
  /** The reference count of the key's value, `null` for a missing key. @see https://redis.io/commands/object-refcount */
  objectRefcount: (key: Key) => command(["OBJECT", "REFCOUNT", key], asNullableCount),
  /** Usage text of OBJECT, one line per entry. @see https://redis.io/commands/object-help */
  objectHelp: () => command(["OBJECT", "HELP"], asStrings),
  /**
   * The value serialized in Redis's own format (with a version and checksum), `null` for a missing key.
   * Feed the bytes to `restore`.
   * @see https://redis.io/commands/dump
   */
  dump: (key: Key) => command(["DUMP", key], asBytes),
  /**
   * Creates a key from DUMP bytes. `ttl` is in milliseconds (0 for none), or a Unix time in ms with `absTtl`.
   * @see https://redis.io/commands/restore
   */
  restore: (key: Key, ttl: number, serialized: Uint8Array, options: RestoreOptions = {}) => {
    if (!(serialized instanceof Uint8Array))
      throw new InvalidArgumentError(
        `RESTORE: the serialized value must be the Uint8Array DUMP returned, got ${describe(serialized)}.`,
      );
    return command(
      ["RESTORE", key, nonNegativeInteger(ttl, "RESTORE ttl"), serialized, ...restoreArgs(options)],
      asText,
    );
  },
  /**
   * The elements of a list, set or sorted set, sorted (numerically unless `alpha`). With `get`, the looked-up
   * values, `null` where a key is missing.
   * @see https://redis.io/commands/sort
   */
  sort: (key: Key, options: SortOptions = {}) =>
    command(["SORT", key, ...sortArgs(options, "SORT")], asNullableStrings),
  /** SORT ... STORE: stores the result as a list. @returns its length. @see https://redis.io/commands/sort */
  sortStore: (key: Key, destination: Key, options: SortOptions = {}) =>
    command(["SORT", key, ...sortArgs(options, "SORT"), "STORE", destination], asCount),
  /** Read-only SORT, allowed on replicas. @see https://redis.io/commands/sort_ro */
  sortRo: (key: Key, options: SortOptions = {}) =>
    command(["SORT_RO", key, ...sortArgs(options, "SORT_RO")], asNullableStrings),
  /**
   * Moves a key to another database of the same server.
   * @returns false when the key is missing or already exists there.
   * @see https://redis.io/commands/move
   */
  move: (key: Key, db: number) => command(["MOVE", key, databaseIndex(db, "MOVE db")], asBoolean),
  /**
   * Moves keys to another Redis server atomically (DUMP, RESTORE, DEL). Pass an array to move several keys.
   * @returns `"OK"`, or `"NOKEY"` when none of the keys exist.
   * @example await pool.migrate("10.0.0.2", 6379, ["a", "b"], 0, 5000, { copy: true })
   * @see https://redis.io/commands/migrate
   */
  migrate: (
    host: string,
    port: number,
    keys: Key | readonly Key[],
    destinationDb: number,
    timeoutMs: number,
    options: MigrateOptions = {},
  ) => {
    const { key, tail } = migrateArgs(keys, options);
    return command(
      [
        "MIGRATE",
        host,
        positiveInteger(port, "MIGRATE port"),
        key,
        databaseIndex(destinationDb, "MIGRATE destination-db"),
        nonNegativeInteger(timeoutMs, "MIGRATE timeout"),
        ...tail,
      ],
      (reply) => asText(reply) as "OK" | "NOKEY",
    );
  },
};
