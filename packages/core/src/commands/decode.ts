/** Reply decoders: every transport hands core the same {@link RawReply}, so results are identical everywhere. */
import { ReplyError, TransportError } from "../errors.js";
import type { RawReply } from "../transport.js";

/**
 * `ignoreBOM`: the default decoder drops a leading U+FEFF, so `"\uFEFFa"` would read back as `"a"` and distinct
 * keys, fields and members would collapse. Text must round-trip exactly.
 */
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * An integer reply. Within ±(2^53−1) it is a `number`; beyond that it is a `bigint`, so nothing is rounded.
 * Only value-carrying replies (INCR family, EVAL, `call`) can reach that range; counts are typed `number`.
 */
export type RedisInteger = number | bigint;

/** A reply of `call()`: bulk and status strings as text, integers per {@link RedisInteger}, errors in arrays kept. */
export type CallReply = string | RedisInteger | null | ReplyError | CallReply[];

function unexpected(reply: RawReply, expected: string): never {
  throw new TransportError(`Unexpected reply: expected ${expected}, got ${shape(reply)}.`);
}

function shape(reply: RawReply): string {
  if (reply === null) return "nil";
  if (reply instanceof Uint8Array) return "a string";
  if (Array.isArray(reply)) return "an array";
  if (reply instanceof ReplyError) return "an error";
  return `the ${typeof reply} ${String(reply)}`;
}

/** Bytes as UTF-8 text. */
export function text(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/** A bulk or status string, or `null` for nil. */
export function asString(reply: RawReply): string | null {
  if (reply === null) return null;
  if (reply instanceof Uint8Array) return utf8.decode(reply);
  return unexpected(reply, "a string");
}

/** A string reply that is never nil, such as `"OK"` or `"PONG"`. */
export function asText(reply: RawReply): string {
  return asString(reply) ?? unexpected(reply, "a string");
}

/** A bulk string as raw bytes, or `null`. */
export function asBytes(reply: RawReply): Uint8Array | null {
  if (reply === null || reply instanceof Uint8Array) return reply;
  return unexpected(reply, "a string");
}

/** An integer that can carry any value (see {@link RedisInteger}). */
export function asInteger(reply: RawReply): RedisInteger {
  if (typeof reply === "number" || typeof reply === "bigint") return reply;
  return unexpected(reply, "an integer");
}

/** An integer that counts things (lengths, removed elements), always within the safe range. */
export function asCount(reply: RawReply): number {
  if (typeof reply === "number") return reply;
  return unexpected(reply, "an integer");
}

/** An integer or nil (LPOS, ZRANK). */
export function asNullableCount(reply: RawReply): number | null {
  return reply === null ? null : asCount(reply);
}

/** An integer 1/0 reply as a boolean. */
export function asBoolean(reply: RawReply): boolean {
  return asCount(reply) === 1;
}

/** A double sent as a bulk string (`"3.5"`, `"inf"`), or `null`. */
export function asFloat(reply: RawReply): number | null {
  if (typeof reply === "number") return reply;
  const value = asString(reply);
  if (value === null) return null;
  if (value === "inf" || value === "+inf") return Number.POSITIVE_INFINITY;
  if (value === "-inf") return Number.NEGATIVE_INFINITY;
  const parsed = Number(value);
  return Number.isNaN(parsed) ? unexpected(reply, "a number") : parsed;
}

/** A double that is never nil. */
export function asNumber(reply: RawReply): number {
  return asFloat(reply) ?? unexpected(reply, "a number");
}

/** An array reply. Anything else, a nil array included, is an unexpected reply (`TransportError`). */
export function asArray(reply: RawReply): RawReply[] {
  if (Array.isArray(reply)) return reply;
  return unexpected(reply, "an array");
}

/** An array of strings. A nil array is empty. */
export function asStrings(reply: RawReply): string[] {
  if (reply === null) return [];
  return asArray(reply).map(asText);
}

/** An array of strings that may contain nils (MGET, HMGET). */
export function asNullableStrings(reply: RawReply): (string | null)[] {
  return asArray(reply).map(asString);
}

/** An array of byte strings that may contain nils. */
export function asNullableBytesList(reply: RawReply): (Uint8Array | null)[] {
  return asArray(reply).map(asBytes);
}

/** An array of 1/0 integers as booleans (SMISMEMBER, SCRIPT EXISTS). */
export function asBooleans(reply: RawReply): boolean[] {
  return asArray(reply).map(asBoolean);
}

/** A flat `field, value, ...` array as a record (HGETALL, CONFIG GET). */
export function asRecord(reply: RawReply): Record<string, string> {
  return asRecordOf(reply, asText);
}

/** A flat `name, value, ...` array as a record, each value decoded by `value`. A nil array is `{}`. */
export function asRecordOf<T>(reply: RawReply, value: (reply: RawReply) => T): Record<string, T> {
  const items = reply === null ? [] : asArray(reply);
  const out: Record<string, T> = {};
  for (let i = 0; i + 1 < items.length; i += 2) {
    // defineProperty so a field named "__proto__" is stored as data, not as the prototype.
    Object.defineProperty(out, asText(items[i]!), {
      value: value(items[i + 1]!),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** A member with its score. */
export interface ScoredMember {
  member: string;
  score: number;
}

/** A flat `member, score, ...` array (WITHSCORES). */
export function asScoredMembers(reply: RawReply): ScoredMember[] {
  const items = reply === null ? [] : asArray(reply);
  const out: ScoredMember[] = [];
  for (let i = 0; i + 1 < items.length; i += 2) {
    out.push({ member: asText(items[i]!), score: asNumber(items[i + 1]!) });
  }
  return out;
}

/** One page of a SCAN-family command. `cursor` is `"0"` on the last page. */
export interface ScanPage<T> {
  cursor: string;
  items: T[];
}

/** A `[cursor, [items...]]` reply, with each item decoded by `item`. */
export function asScanPage<T>(
  reply: RawReply,
  items: (reply: RawReply) => T[] = asStrings as never,
): ScanPage<T> {
  const [cursor, page] = asArray(reply);
  return { cursor: asText(cursor ?? null), items: items(page ?? null) };
}

/** Decodes any reply generically, for `call()`. */
export function asCallReply(reply: RawReply): CallReply {
  if (reply instanceof Uint8Array) return utf8.decode(reply);
  if (Array.isArray(reply)) return reply.map(asCallReply);
  return reply;
}

/** Like {@link CallReply} but bulk strings stay bytes, for `callBytes()`. */
export type CallBytesReply = Uint8Array | RedisInteger | null | ReplyError | CallBytesReply[];

/** Returns the raw reply as it is: strings as bytes. */
export function asCallBytesReply(reply: RawReply): CallBytesReply {
  return reply;
}
