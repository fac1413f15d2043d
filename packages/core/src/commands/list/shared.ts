/** @module Argument checks, option types and reply decoders shared by the list commands. */
import { InvalidArgumentError, TransportError } from "../../errors.js";
import type { RawReply } from "../../transport.js";
import { integer, keyList, nonNegativeInteger, optionsObject, positiveInteger } from "../args.js";
import { type Arg, describe, type Key } from "../command.js";
import { asArray, asBytes, asCount, asStrings, asText } from "../decode.js";

/** An end of a list: `"LEFT"` is the head (index 0), `"RIGHT"` the tail. */
export type ListDirection = "LEFT" | "RIGHT";

/** Where LINSERT puts the new element relative to the pivot. */
export type ListInsertPosition = "BEFORE" | "AFTER";

/** Options of LPOS. */
export interface LposOptions {
  /**
   * Which match to return: 1 is the first from the head, 2 the second, ...; -1 is the first from the tail.
   * Must not be 0.
   */
  rank?: number;
  /** Compare at most this many elements (0, the default, means the whole list). */
  maxlen?: number;
}

/**
 * One element popped by BLPOP/BRPOP, with the list it came from. `key` is the key's UTF-8 text.
 * `T` is `string`, or `Uint8Array` for the `...Bytes` variants.
 */
export interface ListPopResult<T = string> {
  key: string;
  element: T;
}

/**
 * Elements popped by LMPOP/BLMPOP from the first non-empty list, in pop order. `key` is the key's UTF-8 text.
 * `T` is `string`, or `Uint8Array` for the `...Bytes` variants.
 */
export interface ListMultiPopResult<T = string> {
  key: string;
  elements: T[];
}

/** Requires `"LEFT"` or `"RIGHT"`. */
export function direction(value: unknown, name: string): ListDirection {
  if (value !== "LEFT" && value !== "RIGHT") {
    throw new InvalidArgumentError(`${name} must be "LEFT" or "RIGHT", got ${describe(value)}.`);
  }
  return value;
}

/** Requires `"BEFORE"` or `"AFTER"`. */
export function insertPosition(value: unknown, name: string): ListInsertPosition {
  if (value !== "BEFORE" && value !== "AFTER") {
    throw new InvalidArgumentError(`${name} must be "BEFORE" or "AFTER", got ${describe(value)}.`);
  }
  return value;
}

/** The RANK and MAXLEN tokens of LPOS. */
export function lposArgs(lposOptions: LposOptions | undefined, name: string): Arg[] {
  const { rank, maxlen } = optionsObject(lposOptions, name);
  const out: Arg[] = [];
  if (rank !== undefined) {
    if (integer(rank, `${name} rank`) === 0) {
      throw new InvalidArgumentError(
        `${name} rank must not be 0: use 1 for the first match, -1 for the last.`,
      );
    }
    out.push("RANK", rank);
  }
  if (maxlen !== undefined) out.push("MAXLEN", nonNegativeInteger(maxlen, `${name} maxlen`));
  return out;
}

/** `numkeys key... LEFT|RIGHT [COUNT count]` of LMPOP and BLMPOP. */
export function lmpopArgs(
  keys: Key | readonly Key[],
  from: ListDirection,
  count: number | undefined,
  name: string,
): Arg[] {
  const list = keyList(keys, name);
  const out: Arg[] = [list.length, ...list, direction(from, `${name} direction`)];
  if (count !== undefined) out.push("COUNT", positiveInteger(count, `${name} count`));
  return out;
}

function unexpected(reply: RawReply, expected: string): never {
  const shape = reply === null ? "nil" : Array.isArray(reply) ? "an array" : typeof reply;
  throw new TransportError(`Unexpected reply: expected ${expected}, got ${shape}.`);
}

/** A bulk string inside an array, as bytes (never nil). */
function asElementBytes(reply: RawReply): Uint8Array {
  return asBytes(reply) ?? unexpected(reply, "a string");
}

/** An array of elements as bytes; a nil array is empty. */
export function asBytesList(reply: RawReply): Uint8Array[] {
  return reply === null ? [] : asArray(reply).map(asElementBytes);
}

/** An array of elements, or `null` for a nil array (LPOP/RPOP with a count on a missing key). */
export function asNullableStringList(reply: RawReply): string[] | null {
  return reply === null ? null : asStrings(reply);
}

/** Like {@link asNullableStringList}, elements as bytes. */
export function asNullableBytesList(reply: RawReply): Uint8Array[] | null {
  return reply === null ? null : asBytesList(reply);
}

/** An array of integers (LPOS with COUNT). */
export function asPositions(reply: RawReply): number[] {
  return reply === null ? [] : asArray(reply).map(asCount);
}

function popResult<T>(element: (reply: RawReply) => T) {
  return (reply: RawReply): ListPopResult<T> | null => {
    if (reply === null) return null;
    const [key, value] = asArray(reply);
    if (key === undefined || value === undefined) unexpected(reply, "a [key, element] pair");
    return { key: asText(key), element: element(value) };
  };
}

function multiPopResult<T>(elements: (reply: RawReply) => T[]) {
  return (reply: RawReply): ListMultiPopResult<T> | null => {
    if (reply === null) return null;
    const [key, values] = asArray(reply);
    if (key === undefined || values === undefined) unexpected(reply, "a [key, elements] pair");
    return { key: asText(key), elements: elements(values) };
  };
}

/** `[key, element]` or nil (BLPOP, BRPOP). */
export const asListPop = /* @__PURE__ */ popResult(asText);
/** `[key, element]` or nil, the element as bytes. */
export const asListPopBytes = /* @__PURE__ */ popResult(asElementBytes);
/** `[key, [elements...]]` or nil (LMPOP, BLMPOP). */
export const asListMultiPop = /* @__PURE__ */ multiPopResult(asStrings);
/** `[key, [elements...]]` or nil, elements as bytes. */
export const asListMultiPopBytes = /* @__PURE__ */ multiPopResult(asBytesList);
