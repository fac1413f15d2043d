/** Argument checks shared by command builders; each throws InvalidArgumentError before anything is sent. */
import { InvalidArgumentError } from "../errors.js";
import { type Arg, describe, type Key } from "./command.js";

/** Requires a safe integer. */
export function integer(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw new InvalidArgumentError(`${name} must be an integer, got ${describe(value)}.`);
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

/** An integer argument that may exceed 2^53 when given as a bigint. */
export function wholeNumber(value: number | bigint, name: string): number | bigint {
  return typeof value === "bigint" ? value : integer(value, name);
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
