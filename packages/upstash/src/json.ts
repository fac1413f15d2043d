/**
 * @module JSON.parse that keeps integers beyond 2^53 exact. A REST server writes a Redis integer with all its digits
 * (`{"result":9007199254740993}`), which `JSON.parse` alone would round to the nearest double.
 */

/** A string literal (skipped as it is) or a number outside one. */
const TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
/** Sixteen digits in a row: the fewest an integer beyond 2^53 needs. Without them the text parses as it is. */
const LONG_DIGITS = /\d{16}/;
const BIGINT_KEY = "$beeredis_bigint";

/**
 * Parses JSON text; an integer beyond ±(2^53−1) becomes a `bigint`, every other value is what `JSON.parse` gives.
 * @throws SyntaxError for text that is not JSON.
 */
export function parseExactJson(text: string): unknown {
  if (!LONG_DIGITS.test(text)) return JSON.parse(text);
  // Each such integer is wrapped in an object, then turned into a bigint while parsing, so no string can pose as one.
  const wrapped = text.replace(TOKEN, (token) =>
    token.startsWith('"') || !/^-?\d+$/.test(token) || Number.isSafeInteger(Number(token))
      ? token
      : `{"${BIGINT_KEY}":"${token}"}`,
  );
  return JSON.parse(wrapped, (_key, value: unknown) => {
    const digits = (value as Record<string, unknown> | null)?.[BIGINT_KEY];
    return typeof digits === "string" ? BigInt(digits) : value;
  });
}
