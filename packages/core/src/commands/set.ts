/** @module Set commands (Redis 7.0). */
import { integer, nonEmpty, nonNegativeInteger } from "./args.js";
import { command, type Key, type Value } from "./command.js";
import { asBoolean, asBooleans, asCount, asScanPage, asString, asStrings, type ScanPage } from "./decode.js";
import { cursorArg, scanArgs } from "./key.js";

/** Options of SSCAN. */
export interface SScanOptions {
  /** A glob-style pattern the members must match. */
  match?: string;
  /** A hint for how many members each page examines. */
  count?: number;
}

/** Options of SINTERCARD. */
export interface SInterCardOptions {
  /** Stop counting at this many members; 0 (the default) means no limit. */
  limit?: number;
}

export const setCommands = {
  /** @returns how many members were added (members already present are not counted). @see https://redis.io/commands/sadd */
  sadd: (key: Key, ...members: Value[]) => command(["SADD", key, ...nonEmpty(members, "SADD")], asCount),
  /** @returns how many members were removed. @see https://redis.io/commands/srem */
  srem: (key: Key, ...members: Value[]) => command(["SREM", key, ...nonEmpty(members, "SREM")], asCount),
  /** Every member, in no particular order; `[]` when the set is missing. @see https://redis.io/commands/smembers */
  smembers: (key: Key) => command(["SMEMBERS", key], asStrings),
  /** @see https://redis.io/commands/sismember */
  sismember: (key: Key, member: Value) => command(["SISMEMBER", key, member], asBoolean),
  /** Membership of each member, in the order given. @see https://redis.io/commands/smismember */
  smismember: (key: Key, ...members: Value[]) =>
    command(["SMISMEMBER", key, ...nonEmpty(members, "SMISMEMBER")], asBooleans),
  /** Number of members; 0 when the set is missing. @see https://redis.io/commands/scard */
  scard: (key: Key) => command(["SCARD", key], asCount),
  /** Removes and returns one random member, or `null` when the set is missing. @see https://redis.io/commands/spop */
  spop: (key: Key) => command(["SPOP", key], asString),
  /** Removes and returns up to `count` (0 or more) random members; `[]` when missing. @see https://redis.io/commands/spop */
  spopCount: (key: Key, count: number) =>
    command(["SPOP", key, nonNegativeInteger(count, "SPOP count")], asStrings),
  /** One random member without removing it, or `null` when the set is missing. @see https://redis.io/commands/srandmember */
  srandmember: (key: Key) => command(["SRANDMEMBER", key], asString),
  /**
   * Random members without removing them: a positive count gives up to `count` distinct members, a negative
   * count gives exactly `-count` members that may repeat. `[]` when the set is missing.
   * @see https://redis.io/commands/srandmember
   */
  srandmemberCount: (key: Key, count: number) =>
    command(["SRANDMEMBER", key, integer(count, "SRANDMEMBER count")], asStrings),
  /** Moves a member between sets; false when it was not in `source`. @see https://redis.io/commands/smove */
  smove: (source: Key, destination: Key, member: Value) =>
    command(["SMOVE", source, destination, member], asBoolean),
  /** Members of the first set that are in none of the others. @see https://redis.io/commands/sdiff */
  sdiff: (...keys: Key[]) => command(["SDIFF", ...nonEmpty(keys, "SDIFF")], asStrings),
  /** Stores SDIFF of `keys` in `destination` (replacing it); @returns its size. @see https://redis.io/commands/sdiffstore */
  sdiffstore: (destination: Key, ...keys: Key[]) =>
    command(["SDIFFSTORE", destination, ...nonEmpty(keys, "SDIFFSTORE")], asCount),
  /** Members present in every set. @see https://redis.io/commands/sinter */
  sinter: (...keys: Key[]) => command(["SINTER", ...nonEmpty(keys, "SINTER")], asStrings),
  /** Stores SINTER of `keys` in `destination` (replacing it); @returns its size. @see https://redis.io/commands/sinterstore */
  sinterstore: (destination: Key, ...keys: Key[]) =>
    command(["SINTERSTORE", destination, ...nonEmpty(keys, "SINTERSTORE")], asCount),
  /**
   * Size of the intersection of `keys` without building it; with `limit`, counting stops there.
   * @example pool.sintercard(["tags:a", "tags:b"], { limit: 10 })
   * @see https://redis.io/commands/sintercard
   */
  sintercard: (keys: readonly Key[], options: SInterCardOptions = {}) => {
    const list = nonEmpty(keys, "SINTERCARD");
    const limit =
      options.limit === undefined ? [] : ["LIMIT", nonNegativeInteger(options.limit, "SINTERCARD limit")];
    return command(["SINTERCARD", list.length, ...list, ...limit], asCount);
  },
  /** Members present in any of the sets. @see https://redis.io/commands/sunion */
  sunion: (...keys: Key[]) => command(["SUNION", ...nonEmpty(keys, "SUNION")], asStrings),
  /** Stores SUNION of `keys` in `destination` (replacing it); @returns its size. @see https://redis.io/commands/sunionstore */
  sunionstore: (destination: Key, ...keys: Key[]) =>
    command(["SUNIONSTORE", destination, ...nonEmpty(keys, "SUNIONSTORE")], asCount),
  /**
   * One page of members; `cursor` is `"0"` on the last page. Pass the returned cursor to get the next page.
   * A member may appear on more than one page.
   * @see https://redis.io/commands/sscan
   */
  sscan: (key: Key, cursor: string | number, options: SScanOptions = {}) =>
    command(
      ["SSCAN", key, cursorArg(cursor), ...scanArgs({ match: options.match, count: options.count }, "SSCAN")],
      (r): ScanPage<string> => asScanPage<string>(r),
    ),
};
