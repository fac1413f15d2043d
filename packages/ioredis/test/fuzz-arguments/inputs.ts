/**
 * Arguments for the property "every method sends a command Redis accepts, or throws InvalidArgumentError before
 * sending": values of the declared types at their edges (and, less often, of no declared type at all).
 */
import type { CommandMethods } from "@beeredis/core";
import fc from "fast-check";

/** How a method is called: arbitrary argument lists, or left out with the reason. */
export type Entry = fc.Arbitrary<unknown[]> | { readonly skip: string };
/** The entries of some methods. */
export type Entries = Partial<Record<keyof CommandMethods, Entry>>;

/** An argument list of the given parts. */
export const args = (...parts: fc.Arbitrary<unknown>[]): fc.Arbitrary<unknown[]> => fc.tuple(...parts);
/** Optional trailing argument: left out, or one of `part`. */
export const maybe = (part: fc.Arbitrary<unknown>) => fc.option(part, { nil: undefined });
/** An options object with any subset of the given fields. */
export const opts = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc.record(fields, { requiredKeys: [] });

/** Values of no declared type at all. */
export const garbage = fc.constantFrom<unknown>(null, true, {}, [], "1", "abc", Symbol.for("x"));

const TWO_53 = 2 ** 53;
const HALF_GB = 512 * 1024 * 1024;
/** Numbers at the edges Redis cares about: signs, fractions, 2^31/2^32, 512 MB, 2^53, 1e21, non-finite. */
const edgeNumber = fc.oneof(
  fc.integer({ min: -3, max: 5 }),
  fc.constantFrom(
    -0,
    0.5,
    -1.5,
    2 ** 31,
    2 ** 32 - 1,
    2 ** 32,
    HALF_GB - 1,
    HALF_GB,
    TWO_53 - 1,
    -(TWO_53 - 1),
    TWO_53,
    1e21,
    -1e21,
    Number.MAX_VALUE,
    5e-324,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  ),
  fc.double(),
);
/** A number argument: mostly edge numbers, sometimes no number at all. */
export const num = fc.oneof({ weight: 6, arbitrary: edgeNumber }, garbage);
/** An integer argument that may also be a bigint: around 2^53, 2^63 and 2^64. */
export const wide = fc.oneof(
  { weight: 3, arbitrary: num },
  fc.constantFrom(
    0n,
    -1n,
    2n ** 53n + 1n,
    2n ** 63n - 1n,
    2n ** 63n,
    -(2n ** 63n),
    -(2n ** 63n) - 1n,
    2n ** 64n,
  ),
);
/**
 * An offset a command writes at: small, or past what Redis takes. Valid large ones (512 MB - 1) are left out: Redis
 * would allocate the whole string, which only makes the run slow.
 */
export const writeOffset = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -2, max: 64 }) },
  fc.constantFrom<unknown>(HALF_GB, 2 ** 32, TWO_53, 1e21, 0.5, Number.NaN, Number.POSITIVE_INFINITY),
  garbage,
);
/** A small count or index, where large ones would only make Redis slow. */
export const small = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: -3, max: 5 }) }, num);
/** A blocking timeout in seconds: never 0 (forever) nor long, or no timeout at all. */
export const timeout = fc.constantFrom<unknown>(
  0.001,
  0.01,
  1e-9,
  -1,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  "1",
  null,
);
export const bool = fc.oneof({ weight: 4, arbitrary: fc.boolean() }, garbage);

/** A key: text, bytes, empty, with a leading U+FEFF. */
export const key = fc.oneof(
  fc.constantFrom<unknown>("k", "{t}a", "{t}b", "", "\uFEFFk"),
  fc.constant(Uint8Array.of(0, 255, 0xef, 0xbb, 0xbf)),
  { weight: 1, arbitrary: garbage },
);
export const keys = fc.oneof(fc.array(key, { maxLength: 3 }), key);
/** A stored value: text, bytes, numbers. */
export const value = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom<unknown>("", "\uFEFF", 0, -1, 1.5, 1e21, Number.POSITIVE_INFINITY, Number.NaN, 2n ** 64n),
  fc.uint8Array({ maxLength: 4 }),
  { weight: 1, arbitrary: garbage },
);
export const text = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom<unknown>("", " ", "a b", "\n", "é"),
  garbage,
);
/** One of the words a parameter takes, a near miss, or anything else. */
export const word = (...words: string[]) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom<unknown>(...words) },
    fc.constantFrom<unknown>(words[0]!.toLowerCase(), "NOW", ""),
    garbage,
  );

/** Stream IDs of every form: entry IDs, specials, parts beyond 2^64, exclusive ones, nonsense. */
export const streamId = fc.oneof(
  fc.constantFrom<unknown>("*", "$", ">", "+", "-", "0", "0-0", "0-1", "1", "1-*", "(1-0", "5-3", "007-01"),
  fc.constantFrom<unknown>(
    "18446744073709551615-18446744073709551615",
    "18446744073709551616-0",
    "1-18446744073709551616",
  ),
  fc.constantFrom<unknown>("", "1-2-3", "-1", "1.5", "abc"),
  garbage,
);
/** A scan cursor: numbers, strings Redis returned, beyond 2^64, nonsense. */
export const cursor = fc.constantFrom<unknown>(
  0,
  "0",
  1,
  "17",
  -1,
  1.5,
  "18446744073709551615",
  "18446744073709551616",
  "01",
  "",
  "x",
  null,
);
/** A score bound in every spelling, good and bad. */
export const scoreBound = fc.oneof(
  num,
  fc.constantFrom<unknown>(
    "-inf",
    "+inf",
    "inf",
    "(5",
    "5",
    "-Infinity",
    "Infinity",
    "(-Infinity",
    "(",
    "nan",
    "abc",
    " 5",
    "5)",
  ),
  fc.record({ value: num, exclusive: bool }),
);
export const lexBound = fc.constantFrom<unknown>("-", "+", "[a", "(a", "a", "", "[", 5, null);
