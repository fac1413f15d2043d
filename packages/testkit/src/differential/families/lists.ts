/** @module Lists: pushes and pops of any values, ranges, positions, moves. */
import fc from "fast-check";
import { index, key, value } from "../inputs.js";
import { type Family, gen, op } from "../op.js";
import type { Raw } from "../rules.js";
import { bytes, count, list, nullableCount, text, textOf } from "../rules.js";

const side = fc.constantFrom("LEFT", "RIGHT");
/** LMPOP: nil, or `{ key, elements }`. */
const multiPop = (r: Raw) =>
  r === null ? null : { key: textOf((r as Raw[])[0]!), elements: list(textOf)((r as Raw[])[1]!) };
/** LPOP with a count: nil stays `null`. */
const nullableList = (r: Raw) => (r === null ? null : list(textOf)(r));

export const lists: Family = (inputs) => {
  const v = value(inputs);
  const values = fc.array(v, { minLength: 1, maxLength: 4 });
  return [
    gen([key, values], (k, xs) => op("lpush", [k, ...xs], ["LPUSH", k, ...xs], count)),
    gen([key, values], (k, xs) => op("rpush", [k, ...xs], ["RPUSH", k, ...xs], count)),
    gen([key, values], (k, xs) => op("lpushx", [k, ...xs], ["LPUSHX", k, ...xs], count)),
    gen([key, values], (k, xs) => op("rpushx", [k, ...xs], ["RPUSHX", k, ...xs], count)),
    gen([key], (k) => op("lpop", [k], ["LPOP", k], text)),
    gen([key], (k) => op("rpopBytes", [k], ["RPOP", k], bytes)),
    gen([key, fc.nat(3)], (k, n) => op("lpopCount", [k, n], ["LPOP", k, String(n)], nullableList)),
    gen([key, fc.nat(3)], (k, n) => op("rpopCount", [k, n], ["RPOP", k, String(n)], nullableList)),
    gen([key, index, index], (k, a, b) =>
      op("lrange", [k, a, b], ["LRANGE", k, String(a), String(b)], list(textOf)),
    ),
    gen([key, index, index], (k, a, b) =>
      op(
        "lrangeBytes",
        [k, a, b],
        ["LRANGE", k, String(a), String(b)],
        list((r) => bytes(r)!),
      ),
    ),
    gen([key], (k) => op("llen", [k], ["LLEN", k], count)),
    gen([key, index], (k, i) => op("lindex", [k, i], ["LINDEX", k, String(i)], text)),
    gen([key, fc.constantFrom("BEFORE", "AFTER"), v, v], (k, where, pivot, x) =>
      op("linsert", [k, where, pivot, x], ["LINSERT", k, where, pivot, x], count),
    ),
    gen([key, index, v], (k, i, x) => op("lset", [k, i, x], ["LSET", k, String(i), x], textOf)),
    gen([key, index, v], (k, n, x) => op("lrem", [k, n, x], ["LREM", k, String(n), x], count)),
    gen([key, index, index], (k, a, b) => op("ltrim", [k, a, b], ["LTRIM", k, String(a), String(b)], textOf)),
    gen([key, v], (k, x) => op("lpos", [k, x], ["LPOS", k, x], nullableCount)),
    gen([key, v, fc.nat(3)], (k, x, n) =>
      op("lposCount", [k, x, n], ["LPOS", k, x, "COUNT", String(n)], (r) => list(count)(r)),
    ),
    gen([key, key, side, side], (a, b, from, to) =>
      op("lmove", [a, b, from, to], ["LMOVE", a, b, from, to], text),
    ),
    gen([key, key], (a, b) => op("rpoplpush", [a, b], ["RPOPLPUSH", a, b], text)),
    gen(
      [fc.array(key, { minLength: 1, maxLength: 3 }), side, fc.integer({ min: 1, max: 3 })],
      (ks, from, n) =>
        op("lmpop", [ks, from, n], ["LMPOP", String(ks.length), ...ks, from, "COUNT", String(n)], multiPop),
    ),
  ];
};
