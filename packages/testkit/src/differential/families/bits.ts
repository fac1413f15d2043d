/** @module Bitmaps and HyperLogLog: bit offsets, i64/u63 fields near their limits, cardinalities. */
import fc from "fast-check";
import { int64, key, text } from "../inputs.js";
import { type Family, gen, op } from "../op.js";
import type { Raw } from "../rules.js";
import { bool, count, int, list, textOf } from "../rules.js";

const offset = fc.nat(40);
const field = fc.constantFrom("i64", "u63", "i8", "u1", "i53", "u53");
const fieldOffset = fc.oneof(
  offset.map((n): number | string => n),
  fc.nat(4).map((n) => `#${n}`),
);
const overflow = fc.constantFrom("WRAP", "SAT", "FAIL");
const nullableInts = (r: Raw) => list((v) => (v === null ? null : int(v)))(r);

export const bits: Family = () => [
  gen([key, offset, fc.constantFrom(0, 1)], (k, at, bit) =>
    op("setbit", [k, at, bit], ["SETBIT", k, String(at), String(bit)], count),
  ),
  gen([key, offset], (k, at) => op("getbit", [k, at], ["GETBIT", k, String(at)], count)),
  gen(
    [key, fc.integer({ min: -3, max: 3 }), fc.integer({ min: -3, max: 3 }), fc.constantFrom("BYTE", "BIT")],
    (k, start, end, unit) =>
      op("bitcount", [k, { start, end, unit }], ["BITCOUNT", k, String(start), String(end), unit], count),
  ),
  gen([key, fc.constantFrom(0, 1)], (k, bit) => op("bitpos", [k, bit], ["BITPOS", k, String(bit)], count)),
  gen(
    [fc.constantFrom("AND", "OR", "XOR"), key, fc.array(key, { minLength: 1, maxLength: 3 })],
    (operation, d, ks) => op("bitop", [operation, d, ...ks], ["BITOP", operation, d, ...ks], count),
  ),
  gen([key, overflow, field, fieldOffset, int64], (k, behavior, type, at, value) => {
    const n = Number.isSafeInteger(Number(value)) ? Number(value) : value;
    return op(
      "bitfield",
      [
        k,
        [
          { op: "OVERFLOW", behavior },
          { op: "INCRBY", type, offset: at, increment: n },
          { op: "GET", type, offset: at },
        ],
      ],
      [
        "BITFIELD",
        k,
        "OVERFLOW",
        behavior,
        "INCRBY",
        type,
        String(at),
        String(value),
        "GET",
        type,
        String(at),
      ],
      nullableInts,
    );
  }),
  gen([key, field, fieldOffset, int64], (k, type, at, value) => {
    const n = Number.isSafeInteger(Number(value)) ? Number(value) : value;
    return op(
      "bitfield",
      [k, [{ op: "SET", type, offset: at, value: n }]],
      ["BITFIELD", k, "SET", type, String(at), String(value)],
      nullableInts,
    );
  }),
  gen([key, field, fieldOffset], (k, type, at) =>
    op(
      "bitfieldRo",
      [k, [{ op: "GET", type, offset: at }]],
      ["BITFIELD_RO", k, "GET", type, String(at)],
      nullableInts,
    ),
  ),
  gen([key, fc.array(text, { maxLength: 4 })], (k, xs) => op("pfadd", [k, ...xs], ["PFADD", k, ...xs], bool)),
  gen([fc.array(key, { minLength: 1, maxLength: 3 })], (ks) => op("pfcount", ks, ["PFCOUNT", ...ks], count)),
  gen([key, fc.array(key, { maxLength: 2 })], (d, ks) =>
    op("pfmerge", [d, ...ks], ["PFMERGE", d, ...ks], textOf),
  ),
];
