/** @module Random inputs of the differential suite: few keys (so commands meet), awkward text, edge numbers. */
import fc from "fast-check";

const utf8 = new TextEncoder();

/** What a transport can carry as an argument. */
export interface InputOptions {
  /** Byte arguments must be valid UTF-8 (the HTTP transport sends arguments as JSON text). */
  readonly textOnly: boolean;
}

/** Text with what tends to break decoders: a leading U+FEFF, lone surrogates, the empty string, astral characters. */
export const text: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 8 }) },
  fc.constantFrom("", "\uFEFF", "\uFEFFa", "a", "é", "😀", "\uD800", "x\uDC00y", "0", "-1", "1.5", "inf"),
  fc.string({ unit: "grapheme", maxLength: 4 }),
  fc.string({ unit: fc.constantFrom("\uFEFF", "\uD800", "\uDFFF", "a", "\u0000"), maxLength: 4 }),
);

/** Raw bytes: any bytes, or (for a text-only transport) the UTF-8 of any text, BOM included. */
export function bytes(options: InputOptions): fc.Arbitrary<Uint8Array> {
  const fromText = text.map((t) => utf8.encode(t));
  if (options.textOnly) return fromText;
  return fc.oneof(fromText, fc.uint8Array({ maxLength: 8 }), fc.constant(Uint8Array.of(0xef, 0xbb, 0xbf)));
}

/** A value argument: text, bytes or a number in its decimal form. */
export function value(options: InputOptions): fc.Arbitrary<string | Uint8Array> {
  return fc.oneof({ weight: 3, arbitrary: text }, bytes(options), integerText);
}

const KEY_NAMES = ["{d}a", "{d}b", "{d}\uFEFFa", "{d}", "{d}é\uD800"];

/**
 * A few keys, all in one hash slot, so that commands keep meeting the same keys (and their types); as text or as
 * its UTF-8 bytes (valid UTF-8, so every transport can send them).
 */
export const key: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...KEY_NAMES) },
  fc.constantFrom(...KEY_NAMES).map((name) => utf8.encode(name)),
);

/** A member or field: few distinct ones, so duplicates and overlaps happen. */
export const member: fc.Arbitrary<string> = fc.constantFrom("m", "\uFEFFm", "", "é", "\uD800", "n", "0", "1");

const TWO_53 = 2n ** 53n;
const TWO_63 = 2n ** 63n;
const near = (edge: bigint) => fc.bigInt({ min: edge - 3n, max: edge + 3n });

/** Integers around 0, 2^53 and 2^63 (both signs), as bigints; some beyond int64 on purpose is left to callers. */
export const int64: fc.Arbitrary<bigint> = fc
  .oneof(
    fc.bigInt({ min: -1000n, max: 1000n }),
    near(TWO_53),
    near(-TWO_53),
    fc.bigInt({ min: TWO_63 - 4n, max: TWO_63 - 1n }),
    fc.bigInt({ min: -TWO_63, max: -TWO_63 + 3n }),
  )
  .filter((n) => n >= -TWO_63 && n < TWO_63);

/** An int64 as the typed methods take it: a number when safe, else a bigint. */
export const wholeNumber: fc.Arbitrary<number | bigint> = int64.map((n) =>
  n >= -(TWO_53 - 1n) && n <= TWO_53 - 1n ? Number(n) : n,
);

/** Integer text (for values that INCR reads), also beyond 2^53. */
export const integerText: fc.Arbitrary<string> = int64.map(String);

/** A finite double: small, fractional, huge, or near 2^53. */
export const finiteDouble: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: -100, max: 100 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
  fc.constantFrom(2 ** 53, -(2 ** 53), 2 ** 53 + 2, 0.1, -0, 1e300, 5e-324),
);

/** A score: finite doubles and ±Infinity. */
export const score: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: finiteDouble },
  fc.constantFrom(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
);

/** A small rank or index, negative counting from the end. */
export const index: fc.Arbitrary<number> = fc.integer({ min: -4, max: 4 });

/** How a double travels as an argument. */
export function doubleArg(n: number): string {
  if (n === Number.POSITIVE_INFINITY) return "+inf";
  if (n === Number.NEGATIVE_INFINITY) return "-inf";
  return String(n);
}
