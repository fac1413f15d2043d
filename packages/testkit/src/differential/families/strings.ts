/** @module Strings: values of any bytes, integers around 2^53 and 2^63, doubles, ranges. */
import fc from "fast-check";
import { finiteDouble, index, integerText, key, value, wholeNumber } from "../inputs.js";
import { type Family, gen, op } from "../op.js";
import { bool, bytes, count, float, int, list, text, textOf } from "../rules.js";

/** A future Unix time in ms: fixed, so both sides store the same expiry. */
const AT_MS = 4_102_444_800_000; // 2100-01-01

export const strings: Family = (inputs) => {
  const v = value(inputs);
  return [
    gen([key, v], (k, x) => op("set", [k, x], ["SET", k, x], text)),
    gen([key, v, fc.constantFrom("nx", "xx", "get", "keepTtl")], (k, x, flag) =>
      op(
        "set",
        [k, x, { [flag]: true }],
        ["SET", k, x, flag === "keepTtl" ? "KEEPTTL" : flag.toUpperCase()],
        text,
      ),
    ),
    gen([key, v], (k, x) => op("set", [k, x, { pxat: AT_MS }], ["SET", k, x, "PXAT", String(AT_MS)], text)),
    gen([key], (k) => op("get", [k], ["GET", k], text)),
    gen([key], (k) => op("getBytes", [k], ["GET", k], bytes)),
    gen([key], (k) => op("getdel", [k], ["GETDEL", k], text)),
    gen([key], (k) => op("getex", [k, { persist: true }], ["GETEX", k, "PERSIST"], text)),
    gen([fc.uniqueArray(key, { minLength: 1, maxLength: 3 })], (ks) =>
      op("mget", ks, ["MGET", ...ks], list(text)),
    ),
    gen([key, v, key, v], (a, x, b, y) =>
      op(
        "mset",
        [
          [
            [a, x],
            [b, y],
          ],
        ],
        ["MSET", a, x, b, y],
        textOf,
      ),
    ),
    gen([key, v], (k, x) => op("msetnx", [[[k, x]]], ["MSETNX", k, x], bool)),
    gen([key, v], (k, x) => op("setnx", [k, x], ["SETNX", k, x], bool)),
    gen([key, v], (k, x) => op("append", [k, x], ["APPEND", k, x], count)),
    gen([key, v], (k, x) => op("getset", [k, x], ["GETSET", k, x], text)),
    gen([key], (k) => op("strlen", [k], ["STRLEN", k], count)),
    gen([key, index, index], (k, a, b) =>
      op("getrange", [k, a, b], ["GETRANGE", k, String(a), String(b)], textOf),
    ),
    gen([key, fc.nat(12), v], (k, at, x) =>
      op("setrange", [k, at, x], ["SETRANGE", k, String(at), x], count),
    ),
    gen([key, integerText], (k, n) => op("set", [k, n], ["SET", k, n], text)),
    gen([key], (k) => op("incr", [k], ["INCR", k], int)),
    gen([key], (k) => op("decr", [k], ["DECR", k], int)),
    gen([key, wholeNumber], (k, n) => op("incrby", [k, n], ["INCRBY", k, String(n)], int)),
    gen([key, wholeNumber.filter((n) => n !== -(2n ** 63n))], (k, n) =>
      op("decrby", [k, n], ["DECRBY", k, String(n)], int),
    ),
    gen([key, finiteDouble], (k, n) => op("incrbyfloat", [k, n], ["INCRBYFLOAT", k, String(n)], float)),
    gen([key, key], (a, b) => op("lcs", [a, b], ["LCS", a, b], textOf)),
    gen([key, key], (a, b) => op("lcsLen", [a, b], ["LCS", a, b, "LEN"], count)),
  ];
};
