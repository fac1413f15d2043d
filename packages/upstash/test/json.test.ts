import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseExactJson } from "../src/json.js";

describe("parseExactJson", () => {
  it("keeps integers beyond 2^53 exact, as bigints, at any depth", () => {
    expect(parseExactJson('{"result":9007199254740993}')).toEqual({ result: 9007199254740993n });
    expect(
      parseExactJson('[{"result":[1,-9223372036854775808,[18446744073709551615]]},{"error":"ERR x"}]'),
    ).toEqual([{ result: [1, -9223372036854775808n, [18446744073709551615n]] }, { error: "ERR x" }]);
    expect(parseExactJson('{"result":9007199254740991}')).toEqual({ result: 9007199254740991 });
  });

  it("tells sixteen-digit integers apart at 2^53", () => {
    expect(parseExactJson("[1796561443064700,9007199254740991,-9007199254740991]")).toEqual([
      1796561443064700, 9007199254740991, -9007199254740991,
    ]);
    expect(parseExactJson("[1796561443064700,9007199254740992,-9007199254740993]")).toEqual([
      1796561443064700,
      9007199254740992n,
      -9007199254740993n,
    ]);
  });

  it("leaves digits inside strings alone, escaped quotes included", () => {
    const text =
      '{"error":"ERR \\"12345678901234567890\\" is 12345678901234567890","result":"MTIzNDU2Nzg5MDEyMzQ1Njc4OTA="}';
    expect(parseExactJson(text)).toEqual(JSON.parse(text));
  });

  it("is JSON.parse for any JSON without integers beyond 2^53", () => {
    const safe = fc.jsonValue().filter((value) => !/\d{16}/.test(JSON.stringify(value)));
    fc.assert(
      fc.property(safe, (value) => {
        const text = JSON.stringify(value);
        expect(parseExactJson(text)).toEqual(JSON.parse(text));
      }),
    );
    fc.assert(
      fc.property(fc.json(), (text) => {
        const parsed = parseExactJson(text);
        // Only what JSON.parse would have rounded changes: to the exact bigint.
        expect(JSON.stringify(parsed, (_k, v) => (typeof v === "bigint" ? Number(v) : v))).toBe(
          JSON.stringify(JSON.parse(text)),
        );
      }),
    );
  });

  it("throws SyntaxError for text that is not JSON", () => {
    expect(() => parseExactJson("<html>12345678901234567890")).toThrow(SyntaxError);
    expect(() => parseExactJson("nope")).toThrow(SyntaxError);
  });
});
