/** @module Hashes: fields that differ only by a leading U+FEFF, repeated fields, integers beyond 2^53. */
import fc from "fast-check";
import { finiteDouble, key, member, value, wholeNumber } from "../inputs.js";
import { type Family, gen, op } from "../op.js";
import { bool, bytes, count, float, int, list, page, pairs, record, text, textOf } from "../rules.js";

export const hashes: Family = (inputs) => {
  const v = value(inputs);
  const entries = fc.array(fc.tuple(member, v), { minLength: 1, maxLength: 4 });
  return [
    gen([key, entries], (k, es) => op("hset", [k, es], ["HSET", k, ...es.flat()], count)),
    gen([key, entries], (k, es) => op("hmset", [k, es], ["HMSET", k, ...es.flat()], textOf)),
    gen([key, member, v], (k, f, x) => op("hsetnx", [k, f, x], ["HSETNX", k, f, x], bool)),
    gen([key, member], (k, f) => op("hget", [k, f], ["HGET", k, f], text)),
    gen([key, member], (k, f) => op("hgetBytes", [k, f], ["HGET", k, f], bytes)),
    gen([key, fc.array(member, { minLength: 1, maxLength: 3 })], (k, fs) =>
      op("hmget", [k, ...fs], ["HMGET", k, ...fs], list(text)),
    ),
    gen([key], (k) => op("hgetall", [k], ["HGETALL", k], record(textOf))),
    gen([key], (k) =>
      op(
        "hgetallBytes",
        [k],
        ["HGETALL", k],
        record((r) => bytes(r)!),
      ),
    ),
    gen([key, fc.array(member, { minLength: 1, maxLength: 3 })], (k, fs) =>
      op("hdel", [k, ...fs], ["HDEL", k, ...fs], count),
    ),
    gen([key, member], (k, f) => op("hexists", [k, f], ["HEXISTS", k, f], bool)),
    gen([key, member, wholeNumber], (k, f, n) => op("hincrby", [k, f, n], ["HINCRBY", k, f, String(n)], int)),
    gen([key, member, finiteDouble], (k, f, n) =>
      op("hincrbyfloat", [k, f, n], ["HINCRBYFLOAT", k, f, String(n)], float),
    ),
    gen([key], (k) => op("hkeys", [k], ["HKEYS", k], list(textOf), true)),
    gen([key], (k) => op("hvals", [k], ["HVALS", k], list(textOf), true)),
    gen([key], (k) => op("hlen", [k], ["HLEN", k], count)),
    gen([key, member], (k, f) => op("hstrlen", [k, f], ["HSTRLEN", k, f], count)),
    gen([key], (k) =>
      op("hscan", [k, 0, { count: 1000 }], ["HSCAN", k, "0", "COUNT", "1000"], page(pairs(textOf, textOf))),
    ),
  ];
};
