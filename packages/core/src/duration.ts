import { describe } from "./commands/command.js";
import { InvalidArgumentError } from "./errors.js";

/** One millisecond, the unit of every {@link Duration}. */
export const Millisecond = 1;
/** One second in milliseconds. */
export const Second = 1000;
/** One minute in milliseconds. */
export const Minute = 60 * Second;
/** One hour in milliseconds. */
export const Hour = 60 * Minute;
const Day = 24 * Hour;

/**
 * A span of time: a number of milliseconds, or a string such as `"250ms"`, `"5s"`, `"1m"`, `"2h"`, `"1d"`.
 * @example locker.obtain("job", "30s", 5 * Second)
 */
export type Duration = number | `${number}${"ms" | "s" | "m" | "h" | "d"}`;

const UNITS: Record<string, number> = { ms: Millisecond, s: Second, m: Minute, h: Hour, d: Day };
const PATTERN = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;

/**
 * Converts a {@link Duration} to milliseconds.
 * @throws InvalidArgumentError when it is not a finite number or a well-formed string.
 */
export function toMilliseconds(duration: Duration, name = "duration"): number {
  if (typeof duration === "number") {
    if (!Number.isFinite(duration))
      throw new InvalidArgumentError(`${name} must be finite, got ${duration}.`);
    return duration;
  }
  const match = typeof duration === "string" ? PATTERN.exec(duration.trim()) : null;
  if (!match) {
    throw new InvalidArgumentError(
      `${name} must be milliseconds or a string like "250ms", "5s", "1m", "2h", "1d"; got ${typeof duration === "string" ? JSON.stringify(duration) : describe(duration)}.`,
    );
  }
  return Number(match[1]) * UNITS[match[2]!]!;
}

/** Like {@link toMilliseconds} but also requires the value to be greater than zero. */
export function toPositiveMilliseconds(duration: Duration, name: string): number {
  const ms = toMilliseconds(duration, name);
  if (ms <= 0) throw new InvalidArgumentError(`${name} must be greater than 0, got ${ms} ms.`);
  return ms;
}

/**
 * Converts a positive Duration to milliseconds, for spans that are seconds or more in practice (a rate-limit window, a lock
 * ttl): a bare number under 1000 is refused, since a bare number is milliseconds and `60` was almost surely meant
 * as 60 seconds. The string form says the unit either way (`"60s"`, `"500ms"`).
 * @throws InvalidArgumentError naming the unit and the string form.
 */
export function toDeliberateMilliseconds(duration: Duration, name: string): number {
  if (typeof duration === "number" && duration > 0 && duration < Second) {
    throw new InvalidArgumentError(
      `${name} ${duration} would be ${duration} ms (a bare number is milliseconds). Write "${duration}s" for seconds, or "${duration}ms" if you do mean milliseconds.`,
    );
  }
  return toPositiveMilliseconds(duration, name);
}

/** Like {@link toMilliseconds} but also requires the value to be zero or more. */
export function toNonNegativeMilliseconds(duration: Duration, name: string): number {
  const ms = toMilliseconds(duration, name);
  if (ms < 0) throw new InvalidArgumentError(`${name} must not be negative, got ${ms} ms.`);
  return ms;
}
