/**
 * @module List commands (Redis 7.0). Blocking ones (BLPOP, BRPOP, BRPOPLPUSH, BLMOVE, BLMPOP) live in
 * `list/blocking.ts`; argument checks, option types and decoders in `list/shared.ts`.
 */

import { integer, nonEmpty, nonNegativeInteger } from "./args.js";
import { command, type Key, type Value } from "./command.js";
import { asBytes, asCount, asNullableCount, asString, asStrings, asText } from "./decode.js";
import { blockingListCommands } from "./list/blocking.js";
import {
  asBytesList,
  asListMultiPop,
  asListMultiPopBytes,
  asNullableBytesList,
  asNullableStringList,
  asPositions,
  direction,
  insertPosition,
  type ListDirection,
  type ListInsertPosition,
  type LposOptions,
  lmpopArgs,
  lposArgs,
} from "./list/shared.js";
import { merge } from "./merge.js";

export type {
  ListDirection,
  ListInsertPosition,
  ListMultiPopResult,
  ListPopResult,
  LposOptions,
} from "./list/shared.js";

const push = (name: string, key: Key, elements: Value[]) =>
  command([name, key, ...nonEmpty(elements, `${name} elements`)], asCount);

export const listCommands = /* @__PURE__ */ merge(
  {
    /**
     * Inserts elements at the head, one after the other (so the last one given ends up first).
     * @returns the list's length after the push.
     * @example await pool.lpush("queue", "a", "b") // list is now b, a
     * @see https://redis.io/commands/lpush
     */
    lpush: (key: Key, ...elements: Value[]) => push("LPUSH", key, elements),
    /**
     * Appends elements at the tail, in order.
     * @returns the list's length after the push.
     * @see https://redis.io/commands/rpush
     */
    rpush: (key: Key, ...elements: Value[]) => push("RPUSH", key, elements),
    /**
     * LPUSH only when the list already exists.
     * @returns the list's length after the push, 0 when the key does not exist (nothing is written).
     * @see https://redis.io/commands/lpushx
     */
    lpushx: (key: Key, ...elements: Value[]) => push("LPUSHX", key, elements),
    /**
     * RPUSH only when the list already exists.
     * @returns the list's length after the push, 0 when the key does not exist (nothing is written).
     * @see https://redis.io/commands/rpushx
     */
    rpushx: (key: Key, ...elements: Value[]) => push("RPUSHX", key, elements),

    /** Removes and returns the first element; `null` when the list does not exist. @see https://redis.io/commands/lpop */
    lpop: (key: Key) => command(["LPOP", key], asString),
    /** {@link lpop} returning the element's exact bytes. @see https://redis.io/commands/lpop */
    lpopBytes: (key: Key) => command(["LPOP", key], asBytes),
    /**
     * LPOP with a count: removes and returns up to `count` elements from the head, in pop order.
     * @returns the elements (`[]` for count 0), or `null` when the list does not exist.
     * @see https://redis.io/commands/lpop
     */
    lpopCount: (key: Key, count: number) =>
      command(["LPOP", key, nonNegativeInteger(count, "LPOP count")], asNullableStringList),
    /** {@link lpopCount} returning each element's exact bytes. @see https://redis.io/commands/lpop */
    lpopCountBytes: (key: Key, count: number) =>
      command(["LPOP", key, nonNegativeInteger(count, "LPOP count")], asNullableBytesList),
    /** Removes and returns the last element; `null` when the list does not exist. @see https://redis.io/commands/rpop */
    rpop: (key: Key) => command(["RPOP", key], asString),
    /** {@link rpop} returning the element's exact bytes. @see https://redis.io/commands/rpop */
    rpopBytes: (key: Key) => command(["RPOP", key], asBytes),
    /**
     * RPOP with a count: removes and returns up to `count` elements from the tail, in pop order (last first).
     * @returns the elements (`[]` for count 0), or `null` when the list does not exist.
     * @see https://redis.io/commands/rpop
     */
    rpopCount: (key: Key, count: number) =>
      command(["RPOP", key, nonNegativeInteger(count, "RPOP count")], asNullableStringList),
    /** {@link rpopCount} returning each element's exact bytes. @see https://redis.io/commands/rpop */
    rpopCountBytes: (key: Key, count: number) =>
      command(["RPOP", key, nonNegativeInteger(count, "RPOP count")], asNullableBytesList),

    /**
     * Elements from `start` to `stop`, both inclusive; negative indexes count from the tail (-1 is the last).
     * A missing key is an empty list.
     * @example await pool.lrange("queue", 0, -1) // the whole list
     * @see https://redis.io/commands/lrange
     */
    lrange: (key: Key, start: number, stop: number) =>
      command(["LRANGE", key, integer(start, "LRANGE start"), integer(stop, "LRANGE stop")], asStrings),
    /** {@link lrange} returning each element's exact bytes. @see https://redis.io/commands/lrange */
    lrangeBytes: (key: Key, start: number, stop: number) =>
      command(["LRANGE", key, integer(start, "LRANGE start"), integer(stop, "LRANGE stop")], asBytesList),
    /** The list's length; 0 when it does not exist. @see https://redis.io/commands/llen */
    llen: (key: Key) => command(["LLEN", key], asCount),
    /**
     * The element at `index` (negative counts from the tail); `null` when out of range or the key is missing.
     * @see https://redis.io/commands/lindex
     */
    lindex: (key: Key, index: number) => command(["LINDEX", key, integer(index, "LINDEX index")], asString),
    /** {@link lindex} returning the element's exact bytes. @see https://redis.io/commands/lindex */
    lindexBytes: (key: Key, index: number) =>
      command(["LINDEX", key, integer(index, "LINDEX index")], asBytes),
    /**
     * Inserts `element` before or after the first element equal to `pivot`.
     * @returns the list's new length, -1 when `pivot` was not found, 0 when the key does not exist.
     * @see https://redis.io/commands/linsert
     */
    linsert: (key: Key, position: ListInsertPosition, pivot: Value, element: Value) =>
      command(["LINSERT", key, insertPosition(position, "LINSERT position"), pivot, element], asCount),
    /**
     * Replaces the element at `index`. Resolves to `"OK"`; rejects with a ReplyError (`ERR`) when the index is
     * out of range or the key does not exist.
     * @see https://redis.io/commands/lset
     */
    lset: (key: Key, index: number, element: Value) =>
      command(["LSET", key, integer(index, "LSET index"), element], asText),
    /**
     * Removes elements equal to `element`: the first `count` from the head when count > 0, the last `-count`
     * from the tail when count < 0, all of them when count is 0.
     * @returns how many were removed.
     * @see https://redis.io/commands/lrem
     */
    lrem: (key: Key, count: number, element: Value) =>
      command(["LREM", key, integer(count, "LREM count"), element], asCount),
    /**
     * Keeps only the elements from `start` to `stop` (inclusive, negative from the tail); resolves to `"OK"`.
     * @see https://redis.io/commands/ltrim
     */
    ltrim: (key: Key, start: number, stop: number) =>
      command(["LTRIM", key, integer(start, "LTRIM start"), integer(stop, "LTRIM stop")], asText),
    /**
     * The index of a matching element (see {@link LposOptions} for `rank` and `maxlen`), or `null` when none.
     * @example await pool.lpos("list", "x", { rank: -1 }) // index of the last "x"
     * @see https://redis.io/commands/lpos
     */
    lpos: (key: Key, element: Value, options?: LposOptions) =>
      command(["LPOS", key, element, ...lposArgs(options, "LPOS")], asNullableCount),
    /**
     * LPOS with COUNT: the indexes of up to `count` matches (0 means every match), `[]` when none.
     * @see https://redis.io/commands/lpos
     */
    lposCount: (key: Key, element: Value, count: number, options?: LposOptions) =>
      command(
        [
          "LPOS",
          key,
          element,
          "COUNT",
          nonNegativeInteger(count, "LPOS count"),
          ...lposArgs(options, "LPOS"),
        ],
        asPositions,
      ),

    /**
     * Atomically pops an element from one end of `source` and pushes it to one end of `destination`
     * (which may be the same list, to rotate it).
     * @returns the moved element, or `null` when `source` does not exist.
     * @example await pool.lmove("pending", "processing", "LEFT", "RIGHT")
     * @see https://redis.io/commands/lmove
     */
    lmove: (source: Key, destination: Key, from: ListDirection, to: ListDirection) =>
      command(
        ["LMOVE", source, destination, direction(from, "LMOVE from"), direction(to, "LMOVE to")],
        asString,
      ),
    /**
     * Pops from the first non-empty list among `keys`: one element, or up to `count` (at least 1) when given.
     * @returns the key and its popped elements, or `null` when every list is empty.
     * @example await pool.lmpop(["high", "low"], "LEFT", 10)
     * @see https://redis.io/commands/lmpop
     */
    lmpop: (keys: Key | readonly Key[], from: ListDirection, count?: number) =>
      command(["LMPOP", ...lmpopArgs(keys, from, count, "LMPOP")], asListMultiPop),
    /** {@link lmpop} returning each element's exact bytes. @see https://redis.io/commands/lmpop */
    lmpopBytes: (keys: Key | readonly Key[], from: ListDirection, count?: number) =>
      command(["LMPOP", ...lmpopArgs(keys, from, count, "LMPOP")], asListMultiPopBytes),
    /**
     * Pops the last element of `source` and pushes it at the head of `destination`; `null` when `source` is missing.
     * Deprecated by Redis in favour of `lmove(source, destination, "RIGHT", "LEFT")`.
     * @see https://redis.io/commands/rpoplpush
     */
    rpoplpush: (source: Key, destination: Key) => command(["RPOPLPUSH", source, destination], asString),
  },
  blockingListCommands,
);
