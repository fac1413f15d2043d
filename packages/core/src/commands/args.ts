/** Argument checks shared by command builders; each throws InvalidArgumentError before anything is sent. */
import { InvalidArgumentError } from "../errors.js";
import { type Arg, describe, type Key } from "./command.js";

/** Requires a safe integer: beyond ±(2^53−1) a number is no longer exact, and would be sent as `1e+21`. */
export function integer(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    const why = Number.isInteger(value)
      ? "an integer within ±(2^53−1) (a bigint where one is taken)"
      : "an integer";
    throw new InvalidArgumentError(`${name} must be ${why}, got ${describe(value)}.`);
  }
  return value;
}

/** Requires a safe integer greater than zero. */
export function positiveInteger(value: unknown, name: string): number {
  if (integer(value, name) <= 0)
    throw new InvalidArgumentError(`${name} must be greater than 0, got ${value}.`);
  return value as number;
}

/** Requires a safe integer of zero or more. */
export function nonNegativeInteger(value: unknown, name: string): number {
  if (integer(value, name) < 0) throw new InvalidArgumentError(`${name} must not be negative, got ${value}.`);
  return value as number;
}

/** Requires a number that is not NaN (±Infinity is allowed and sent as `+inf`/`-inf`). */
export function numeric(value: unknown, name: string): number {
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new InvalidArgumentError(`${name} must be a number, got ${describe(value)}.`);
  }
  return value;
}

/**
 * An optional options object: `{}` when left out.
 * @throws InvalidArgumentError for anything else that is not an object (null, an array, a number...).
 */
export function optionsObject<T extends object>(value: T | undefined, name: string): Partial<T> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError(`${name}: options must be an object, got ${describe(value)}.`);
  }
  return value;
}

/** Requires a non-empty list, for commands that take one or more keys or values. */
export function nonEmpty<T>(values: readonly T[], name: string): readonly T[] {
  if (!Array.isArray(values) || values.length === 0) {
    throw new InvalidArgumentError(`${name} needs at least one value.`);
  }
  return values;
}

/** Flattens a record or list of pairs into `field, value, ...` arguments. */
export function pairs(entries: Record<string, Arg> | readonly (readonly [Key, Arg])[], name: string): Arg[] {
  const list = Array.isArray(entries) ? entries : Object.entries(entries ?? {});
  if (list.length === 0) throw new InvalidArgumentError(`${name} needs at least one field/value pair.`);
  const out: Arg[] = [];
  for (const [field, value] of list) out.push(field, value);
  return out;
}

/** Throws when more than one of the named options is set. */
export function exclusive(options: object, names: readonly string[], command: string): void {
  const set = names.filter(
    (n) =>
      (options as Record<string, unknown>)[n] !== undefined &&
      (options as Record<string, unknown>)[n] !== false,
  );
  if (set.length > 1)
    throw new InvalidArgumentError(`${command}: options ${set.join(" and ")} cannot be combined.`);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** An integer argument that may exceed 2^53 when given as a bigint, within Redis' signed 64-bit range. */
export function wholeNumber(value: number | bigint, name: string): number | bigint {
  if (typeof value !== "bigint") return integer(value, name);
  if (value < INT64_MIN || value > INT64_MAX) {
    throw new InvalidArgumentError(`${name} must be a 64-bit signed integer (within ±2^63), got ${value}n.`);
  }
  return value;
}

/** Requires a finite number (an increment Redis would refuse to make infinite, say). */
export function finite(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new InvalidArgumentError(`${name} must be a finite number, got ${describe(value)}.`);
  }
  return value;
}

const UINT64_MAX = "18446744073709551615";

/**
 * Requires decimal digits whose value fits an unsigned 64-bit integer, as Redis parses cursors and the parts of
 * stream IDs. @returns the text unchanged.
 */
export function uint64Text(text: string, name: string): string {
  const digits = text.replace(/^0+(?=\d)/, "");
  if (!/^\d+$/.test(text) || digits.length > 20 || (digits.length === 20 && digits > UINT64_MAX)) {
    throw new InvalidArgumentError(
      `${name} must be an unsigned 64-bit integer (0..${UINT64_MAX}), got ${describe(text)}.`,
    );
  }
  return text;
}

/**
 * Redis' default `proto-max-bulk-len`: a string cannot grow past it, so byte offsets stay below it and bit
 * offsets below 8 times it (2^32). A server configured for more takes larger offsets through `call()`.
 */
const MAX_STRING_BYTES = 512 * 1024 * 1024;

/** A byte offset into a string: an integer from 0 to below 512 MB. */
export function byteOffset(value: unknown, name: string): number {
  return below(nonNegativeInteger(value, name), MAX_STRING_BYTES, name, "512 MB, the largest string");
}

/** A bit offset into a string: an integer from 0 to below 2^32 (the bits of a 512 MB string). */
export function bitOffset(value: unknown, name: string): number {
  return below(
    nonNegativeInteger(value, name),
    MAX_STRING_BYTES * 8,
    name,
    "2^32, the bits of a 512 MB string",
  );
}

function below(value: number, limit: number, name: string, what: string): number {
  if (value >= limit) throw new InvalidArgumentError(`${name} must be below ${what}, got ${value}.`);
  return value;
}

/**
 * A database index as Redis parses one: from 0 to 2^31 − 1 (a C int). Whether the server has that many databases
 * (`databases`, 16 by default) only it knows.
 */
export function databaseIndex(value: unknown, name: string): number {
  return below(
    nonNegativeInteger(value, name),
    2 ** 31,
    name,
    "2^31, the largest database index Redis reads",
  );
}

/** A flush mode (FLUSHDB, FLUSHALL, SCRIPT FLUSH, FUNCTION FLUSH): nothing, `"SYNC"` or `"ASYNC"`. */
export function flushMode(mode: unknown, name: string): ("SYNC" | "ASYNC")[] {
  if (mode === undefined) return [];
  if (mode !== "SYNC" && mode !== "ASYNC") {
    throw new InvalidArgumentError(`${name}: mode must be "SYNC" or "ASYNC", got ${describe(mode)}.`);
  }
  return [mode];
}

/** One key or a non-empty array of keys, as a list. */
export function keyList(keys: Key | readonly Key[], name: string): readonly Key[] {
  return Array.isArray(keys) ? nonEmpty(keys as readonly Key[], `${name} keys`) : [keys as Key];
}

/**
 * A blocking timeout in seconds, as Redis takes it: fractional allowed, finite and >= 0, 0 blocks forever.
 * A positive timeout below Redis's 1 ms resolution is sent as 0.001 so it can never be read as 0 (forever).
 */
export function blockTimeout(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError(
      `${name} timeout must be a finite number of seconds >= 0 (0 blocks forever), got ${describe(value)}.`,
    );
  }
  return value > 0 && value < 0.001 ? 0.001 : value;
}
