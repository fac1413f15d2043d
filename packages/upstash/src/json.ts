/**
 * @module JSON.parse that keeps integers beyond 2^53 exact. A REST server writes a Redis integer with all its digits
 * (`{"result":9007199254740993}`), which `JSON.parse` alone would round to the nearest double.
 */

/** A string literal (skipped as it is) or a number outside one. */
const TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
/** Sixteen digits or more in a row: an integer beyond 2^53 has at least sixteen. */
const LONG_DIGITS = /\d{16,}/g;
/** The largest safe integer's digits: a run of sixteen digits up to it cannot be beyond 2^53. */
const MAX_SAFE_DIGITS = String(Number.MAX_SAFE_INTEGER);
const BIGINT_KEY = "$beeredis_bigint";

/**
 * Parses JSON text; an integer beyond ±(2^53−1) becomes a `bigint`, every other value is what `JSON.parse` gives.
 * @throws SyntaxError for text that is not JSON.
 */
export function parseExactJson(text: string): unknown {
  if (!mayHoldUnsafeInteger(text)) return JSON.parse(text);
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

/**
 * Whether `text` has a run of digits that could be an integer beyond 2^53: longer than sixteen digits, or sixteen
 * above 9007199254740991. A microsecond timestamp (sixteen digits, as the rate limiters' replies carry) is not,
 * so such replies take plain `JSON.parse` rather than the rewriting above.
 */
function mayHoldUnsafeInteger(text: string): boolean {
  LONG_DIGITS.lastIndex = 0;
  for (let run = LONG_DIGITS.exec(text); run !== null; run = LONG_DIGITS.exec(text)) {
    // Runs of equal length compare as numbers when compared as strings.
    if (run[0].length > MAX_SAFE_DIGITS.length || run[0] > MAX_SAFE_DIGITS) return true;
  }
  return false;
}
