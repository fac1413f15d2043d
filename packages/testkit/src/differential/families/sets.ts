/** @module Sets: members that differ only by a leading U+FEFF, duplicates, set algebra. */
import fc from "fast-check";
import { key, member } from "../inputs.js";
import { type Family, gen, op } from "../op.js";
import { bool, count, list, page, textOf } from "../rules.js";

const keys = fc.array(key, { minLength: 1, maxLength: 3 });
const members = fc.array(member, { minLength: 1, maxLength: 5 });

export const sets: Family = () => [
  gen([key, members], (k, ms) => op("sadd", [k, ...ms], ["SADD", k, ...ms], count)),
  gen([key, members], (k, ms) => op("srem", [k, ...ms], ["SREM", k, ...ms], count)),
  gen([key], (k) => op("smembers", [k], ["SMEMBERS", k], list(textOf), true)),
  gen([key, member], (k, m) => op("sismember", [k, m], ["SISMEMBER", k, m], bool)),
  gen([key, members], (k, ms) => op("smismember", [k, ...ms], ["SMISMEMBER", k, ...ms], list(bool))),
  gen([key], (k) => op("scard", [k], ["SCARD", k], count)),
  gen([key, key, member], (a, b, m) => op("smove", [a, b, m], ["SMOVE", a, b, m], bool)),
  gen([keys], (ks) => op("sdiff", ks, ["SDIFF", ...ks], list(textOf), true)),
  gen([keys], (ks) => op("sinter", ks, ["SINTER", ...ks], list(textOf), true)),
  gen([keys], (ks) => op("sunion", ks, ["SUNION", ...ks], list(textOf), true)),
  gen([key, keys], (d, ks) => op("sdiffstore", [d, ...ks], ["SDIFFSTORE", d, ...ks], count)),
  gen([key, keys], (d, ks) => op("sinterstore", [d, ...ks], ["SINTERSTORE", d, ...ks], count)),
  gen([key, keys], (d, ks) => op("sunionstore", [d, ...ks], ["SUNIONSTORE", d, ...ks], count)),
  gen([keys, fc.nat(3)], (ks, limit) =>
    op(
      "sintercard",
      [ks, { limit }],
      ["SINTERCARD", String(ks.length), ...ks, "LIMIT", String(limit)],
      count,
    ),
  ),
  gen([key], (k) =>
    op("sscan", [k, 0, { count: 1000 }], ["SSCAN", k, "0", "COUNT", "1000"], page(list(textOf))),
  ),
];
