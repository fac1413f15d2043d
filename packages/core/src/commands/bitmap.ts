/** @module Bitmap commands: bits and bit fields of string values. */
import { InvalidArgumentError } from "../errors.js";
import type { RawReply } from "../transport.js";
import { bitOffset, integer, keyList, wholeNumber } from "./args.js";
import { type Arg, command, describe, type Key } from "./command.js";
import { asArray, asCount, asInteger, type RedisInteger } from "./decode.js";

/** A bit value. */
export type Bit = 0 | 1;

/** Whether BITCOUNT/BITPOS ranges count bytes (the default) or bits (Redis 7). */
export type BitUnit = "BYTE" | "BIT";

/** A BITCOUNT range: inclusive, negative indexes count from the end. */
export interface BitRange {
  start: number;
  end: number;
  /** @default "BYTE" */
  unit?: BitUnit;
}

/** A BITPOS range: `end` may be left out (to the end of the string); `unit` needs `end`. */
export interface BitPosRange {
  start: number;
  end?: number;
  /** @default "BYTE" */
  unit?: BitUnit;
}

/** The bitwise operation of BITOP. NOT takes exactly one source key. */
export type BitOperation = "AND" | "OR" | "XOR" | "NOT";

/** A BITFIELD integer type: `i1`..`i64` (signed) or `u1`..`u63` (unsigned). */
export type BitfieldEncoding = `i${number}` | `u${number}`;

/** A BITFIELD offset in bits, or `"#N"` for the N-th field of the operation's type width. */
export type BitfieldOffset = number | `#${number}`;

/** What BITFIELD SET/INCRBY do on overflow from then on in the same call. */
export type BitfieldOverflow = "WRAP" | "SAT" | "FAIL";

/** A field read by BITFIELD GET (and BITFIELD_RO). */
export interface BitfieldGet {
  op: "GET";
  type: BitfieldEncoding;
  offset: BitfieldOffset;
}

/** One BITFIELD operation. Every GET, SET and INCRBY produces one result; OVERFLOW produces none. */
export type BitfieldOperation =
  | BitfieldGet
  | { op: "SET"; type: BitfieldEncoding; offset: BitfieldOffset; value: number | bigint }
  | { op: "INCRBY"; type: BitfieldEncoding; offset: BitfieldOffset; increment: number | bigint }
  | { op: "OVERFLOW"; behavior: BitfieldOverflow };

function bit(value: unknown, name: string): Bit {
  if (value !== 0 && value !== 1)
    throw new InvalidArgumentError(`${name} must be 0 or 1, got ${describe(value)}.`);
  return value;
}

function unit(value: BitUnit | undefined, name: string): Arg[] {
  if (value === undefined) return [];
  if (value !== "BYTE" && value !== "BIT")
    throw new InvalidArgumentError(`${name}: unit must be "BYTE" or "BIT", got ${describe(value)}.`);
  return [value];
}

function bitcountRange(range: BitRange | undefined): Arg[] {
  if (range === undefined) return [];
  return [
    integer(range.start, "BITCOUNT start"),
    integer(range.end, "BITCOUNT end"),
    ...unit(range.unit, "BITCOUNT"),
  ];
}

function bitposRange(range: BitPosRange | undefined): Arg[] {
  if (range === undefined) return [];
  const out: Arg[] = [integer(range.start, "BITPOS start")];
  if (range.end !== undefined) out.push(integer(range.end, "BITPOS end"), ...unit(range.unit, "BITPOS"));
  else if (range.unit !== undefined) throw new InvalidArgumentError("BITPOS: unit needs an end.");
  return out;
}

/** Checks a field type and returns its width in bits. */
function encoding(value: unknown, name: string): number {
  const match = typeof value === "string" ? /^([iu])(\d{1,2})$/.exec(value) : null;
  const bits = match ? Number(match[2]) : 0;
  if (!match || bits < 1 || bits > (match[1] === "i" ? 64 : 63)) {
    throw new InvalidArgumentError(`${name}: type must be i1..i64 or u1..u63, got ${describe(value)}.`);
  }
  return bits;
}

/** A bit offset, or `"#N"` (N fields of `width` bits); either way the bit it names must lie below 2^32. */
function offset(value: unknown, width: number, name: string): Arg {
  if (typeof value === "string" && /^#\d+$/.test(value)) {
    bitOffset(Number(value.slice(1)) * width, `${name} offset ${value} (times ${width} bits)`);
    return value;
  }
  if (typeof value === "number") return bitOffset(value, `${name} offset`);
  throw new InvalidArgumentError(
    `${name}: offset must be a bit offset >= 0 or "#N", got ${describe(value)}.`,
  );
}

function bitfieldArgs(operations: readonly BitfieldOperation[], name: string, readOnly: boolean): Arg[] {
  if (!Array.isArray(operations)) throw new InvalidArgumentError(`${name}: operations must be an array.`);
  const out: Arg[] = [];
  for (const operation of operations) {
    const op = (operation as { op?: unknown } | null)?.op;
    if (readOnly && op !== "GET") throw new InvalidArgumentError(`${name} only takes GET operations.`);
    switch (op) {
      case "GET":
      case "SET":
      case "INCRBY": {
        const field = operation as BitfieldGet;
        const width = encoding(field.type, `${name} ${op}`);
        out.push(op, field.type, offset(field.offset, width, `${name} ${op}`));
        if (op === "SET") out.push(wholeNumber((operation as { value: number }).value, `${name} SET value`));
        if (op === "INCRBY")
          out.push(wholeNumber((operation as { increment: number }).increment, `${name} INCRBY increment`));
        break;
      }
      case "OVERFLOW": {
        const behavior = (operation as { behavior?: unknown }).behavior;
        if (behavior !== "WRAP" && behavior !== "SAT" && behavior !== "FAIL")
          throw new InvalidArgumentError(`${name}: OVERFLOW must be "WRAP", "SAT" or "FAIL".`);
        out.push("OVERFLOW", behavior);
        break;
      }
      default:
        throw new InvalidArgumentError(
          `${name}: op must be "GET", "SET", "INCRBY" or "OVERFLOW", got ${describe(op)}.`,
        );
    }
  }
  return out;
}

/** BITFIELD results: one integer per GET/SET/INCRBY, `null` where OVERFLOW FAIL stopped a write. */
function asFieldValues(reply: RawReply): (RedisInteger | null)[] {
  return asArray(reply).map((value) => (value === null ? null : asInteger(value)));
}

export const bitmapCommands = {
  /** Sets one bit and resolves to its previous value. @see https://redis.io/commands/setbit */
  setbit: (key: Key, offset: number, value: Bit) =>
    command(
      ["SETBIT", key, bitOffset(offset, "SETBIT offset"), bit(value, "SETBIT value")],
      (r) => asCount(r) as Bit,
    ),
  /** The bit at `offset`; 0 beyond the end or for a missing key. @see https://redis.io/commands/getbit */
  getbit: (key: Key, offset: number) =>
    command(["GETBIT", key, bitOffset(offset, "GETBIT offset")], (r) => asCount(r) as Bit),
  /**
   * How many bits are set, in the whole string or in a byte (or, with `unit: "BIT"`, bit) range.
   * @example await pool.bitcount("visits", { start: 0, end: 15, unit: "BIT" })
   * @see https://redis.io/commands/bitcount
   */
  bitcount: (key: Key, range?: BitRange) => command(["BITCOUNT", key, ...bitcountRange(range)], asCount),
  /**
   * The position of the first bit set to `bit`, or -1. Searching for 0 past the end of a string without an
   * `end` finds the first bit after it.
   * @see https://redis.io/commands/bitpos
   */
  bitpos: (key: Key, value: Bit, range?: BitPosRange) =>
    command(["BITPOS", key, bit(value, "BITPOS bit"), ...bitposRange(range)], asCount),
  /**
   * Stores the bitwise AND/OR/XOR of the source keys (or NOT of one key) in `destination`.
   * @returns the length in bytes of the stored string.
   * @see https://redis.io/commands/bitop
   */
  bitop: (operation: BitOperation, destination: Key, ...keys: Key[]) => {
    if (operation !== "AND" && operation !== "OR" && operation !== "XOR" && operation !== "NOT")
      throw new InvalidArgumentError(
        `BITOP: operation must be AND, OR, XOR or NOT, got ${describe(operation)}.`,
      );
    if (operation === "NOT" && keys.length !== 1)
      throw new InvalidArgumentError(`BITOP NOT takes exactly one source key, got ${keys.length}.`);
    return command(["BITOP", operation, destination, ...keyList(keys, "BITOP")], asCount);
  },
  /**
   * Reads, writes and increments integer fields of a string in one atomic call.
   * Resolves to one value per GET/SET (the old value)/INCRBY (the new value), `null` when OVERFLOW FAIL
   * refused an operation. Values beyond 2^53 (i64 fields) are bigints.
   * @example await pool.bitfield("k", [{ op: "INCRBY", type: "u8", offset: "#0", increment: 10 }, { op: "GET", type: "u8", offset: 0 }])
   * @see https://redis.io/commands/bitfield
   */
  bitfield: (key: Key, operations: readonly BitfieldOperation[]) =>
    command(["BITFIELD", key, ...bitfieldArgs(operations, "BITFIELD", false)], asFieldValues),
  /** Read-only BITFIELD: GET operations only, allowed on replicas. @see https://redis.io/commands/bitfield_ro */
  bitfieldRo: (key: Key, gets: readonly BitfieldGet[]) =>
    command(["BITFIELD_RO", key, ...bitfieldArgs(gets, "BITFIELD_RO", true)], (r) =>
      asArray(r).map((value) => asInteger(value)),
    ),
};
