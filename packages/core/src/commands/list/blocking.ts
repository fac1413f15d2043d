/**
 * @module Blocking list commands. Timeouts are in seconds as in Redis (fractions allowed, 0 blocks forever).
 * Each says how long it may block, and core runs it on a dedicated connection, so a block never delays other
 * commands.
 */
import { blockTimeout } from "../args.js";
import { keysThenTimeout, secondsTimeoutCommand } from "../blocking.js";
import type { Key } from "../command.js";
import { asString } from "../decode.js";
import {
  asListMultiPop,
  asListMultiPopBytes,
  asListPop,
  asListPopBytes,
  direction,
  type ListDirection,
  lmpopArgs,
} from "./shared.js";

export const blockingListCommands = {
  /**
   * Pops the first element of the first non-empty list among `keys`, waiting up to `timeoutSeconds` for one
   * (0 waits forever).
   * @returns the key and the element, or `null` when the timeout passed with every list empty.
   * @example await pool.blpop(["high", "low"], 5)
   * @see https://redis.io/commands/blpop
   */
  blpop: (keys: Key | readonly Key[], timeoutSeconds: number) =>
    keysThenTimeout("BLPOP", keys, timeoutSeconds, asListPop),
  /** {@link blpop} returning the element's exact bytes. @see https://redis.io/commands/blpop */
  blpopBytes: (keys: Key | readonly Key[], timeoutSeconds: number) =>
    keysThenTimeout("BLPOP", keys, timeoutSeconds, asListPopBytes),
  /**
   * Like {@link blpop}, popping the last element.
   * @returns the key and the element, or `null` on timeout.
   * @see https://redis.io/commands/brpop
   */
  brpop: (keys: Key | readonly Key[], timeoutSeconds: number) =>
    keysThenTimeout("BRPOP", keys, timeoutSeconds, asListPop),
  /** {@link brpop} returning the element's exact bytes. @see https://redis.io/commands/brpop */
  brpopBytes: (keys: Key | readonly Key[], timeoutSeconds: number) =>
    keysThenTimeout("BRPOP", keys, timeoutSeconds, asListPopBytes),
  /**
   * Blocking {@link rpoplpush}: waits up to `timeoutSeconds` (0 forever) for `source` to have an element.
   * Deprecated by Redis in favour of `blmove(source, destination, "RIGHT", "LEFT", timeoutSeconds)`.
   * @returns the moved element, or `null` on timeout.
   * @see https://redis.io/commands/brpoplpush
   */
  brpoplpush: (source: Key, destination: Key, timeoutSeconds: number) =>
    secondsTimeoutCommand(
      ["BRPOPLPUSH", source, destination, blockTimeout(timeoutSeconds, "BRPOPLPUSH")],
      -1,
      asString,
    ),
  /**
   * Blocking LMOVE: waits up to `timeoutSeconds` (0 forever) for `source` to have an element, then moves it.
   * @returns the moved element, or `null` on timeout.
   * @example await pool.blmove("pending", "processing", "LEFT", "RIGHT", 30)
   * @see https://redis.io/commands/blmove
   */
  blmove: (source: Key, destination: Key, from: ListDirection, to: ListDirection, timeoutSeconds: number) =>
    secondsTimeoutCommand(
      [
        "BLMOVE",
        source,
        destination,
        direction(from, "BLMOVE from"),
        direction(to, "BLMOVE to"),
        blockTimeout(timeoutSeconds, "BLMOVE"),
      ],
      -1,
      asString,
    ),
  /**
   * Blocking LMPOP, arguments in Redis order (timeout first): waits up to `timeoutSeconds` (0 forever) for one
   * of `keys` to be non-empty, then pops one element or up to `count` (at least 1).
   * @returns the key and its popped elements, or `null` on timeout.
   * @example await pool.blmpop(5, ["high", "low"], "LEFT", 10)
   * @see https://redis.io/commands/blmpop
   */
  blmpop: (timeoutSeconds: number, keys: Key | readonly Key[], from: ListDirection, count?: number) =>
    secondsTimeoutCommand(
      ["BLMPOP", blockTimeout(timeoutSeconds, "BLMPOP"), ...lmpopArgs(keys, from, count, "BLMPOP")],
      1,
      asListMultiPop,
    ),
  /** {@link blmpop} returning each element's exact bytes. @see https://redis.io/commands/blmpop */
  blmpopBytes: (timeoutSeconds: number, keys: Key | readonly Key[], from: ListDirection, count?: number) =>
    secondsTimeoutCommand(
      ["BLMPOP", blockTimeout(timeoutSeconds, "BLMPOP"), ...lmpopArgs(keys, from, count, "BLMPOP")],
      1,
      asListMultiPopBytes,
    ),
};
