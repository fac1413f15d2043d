/** @module Sorted sets: scores near 2^53 and infinite, bounds as numbers and as Redis or JavaScript text. */
import fc from "fast-check";
import { doubleArg, index, key, member, score } from "../inputs.js";
import { type Family, gen, op } from "../op.js";
import type { Raw } from "../rules.js";
import { count, float, list, nullableCount, page, scored, textOf } from "../rules.js";

const keys = fc.array(key, { minLength: 1, maxLength: 3 });
const scoredMembers = fc.array(fc.record({ member, score }), { minLength: 1, maxLength: 4 });
/** A score bound in every accepted spelling, with the text Redis reads. */
const bound: fc.Arbitrary<[unknown, string]> = fc.oneof(
  score.map((n): [unknown, string] => [n, doubleArg(n)]),
  score.map((n): [unknown, string] => [{ value: n, exclusive: true }, `(${doubleArg(n)}`]),
  fc.constantFrom<[unknown, string]>(
    ["-inf", "-inf"],
    ["(+inf", "(+inf"],
    ["-Infinity", "-inf"],
    ["Infinity", "+inf"],
    ["(-Infinity", "(-inf"],
    ["(5", "(5"],
  ),
);
const lex = fc.constantFrom("-", "+", "[m", "(m", "[\uFEFFm", "(");
const condition = fc.constantFrom<Record<string, boolean>>(
  {},
  { nx: true },
  { xx: true },
  { gt: true },
  { lt: true },
  { xx: true, gt: true },
);
const conditionArgs = (c: Record<string, boolean>) => Object.keys(c).map((name) => name.toUpperCase());
const zmpop = (r: Raw) =>
  r === null
    ? null
    : { key: textOf((r as Raw[])[0]!), members: list((p) => scored(p)[0]!)((r as Raw[])[1]!) };

export const sortedSets: Family = () => [
  gen([key, scoredMembers, condition, fc.boolean()], (k, ms, c, ch) =>
    op(
      "zadd",
      [k, ms, { ...c, ch }],
      [
        "ZADD",
        k,
        ...conditionArgs(c),
        ...(ch ? ["CH"] : []),
        ...ms.flatMap((m) => [doubleArg(m.score), m.member]),
      ],
      count,
    ),
  ),
  gen([key, score, member, condition], (k, n, m, c) =>
    op("zaddIncr", [k, n, m, c], ["ZADD", k, ...conditionArgs(c), "INCR", doubleArg(n), m], float),
  ),
  gen([key, score, member], (k, n, m) => op("zincrby", [k, n, m], ["ZINCRBY", k, doubleArg(n), m], float)),
  gen([key, fc.array(member, { minLength: 1, maxLength: 3 })], (k, ms) =>
    op("zrem", [k, ...ms], ["ZREM", k, ...ms], count),
  ),
  gen([key, member], (k, m) => op("zscore", [k, m], ["ZSCORE", k, m], float)),
  gen([key, fc.array(member, { minLength: 1, maxLength: 3 })], (k, ms) =>
    op("zmscore", [k, ...ms], ["ZMSCORE", k, ...ms], list(float)),
  ),
  gen([key, member], (k, m) => op("zrank", [k, m], ["ZRANK", k, m], nullableCount)),
  gen([key, member], (k, m) => op("zrevrank", [k, m], ["ZREVRANK", k, m], nullableCount)),
  gen([key], (k) => op("zcard", [k], ["ZCARD", k], count)),
  gen([key, bound, bound], (k, [a, ra], [b, rb]) => op("zcount", [k, a, b], ["ZCOUNT", k, ra, rb], count)),
  gen([key, lex, lex], (k, a, b) => op("zlexcount", [k, a, b], ["ZLEXCOUNT", k, a, b], count)),
  gen([key, index, index], (k, a, b) =>
    op("zrange", [k, a, b], ["ZRANGE", k, String(a), String(b)], list(textOf)),
  ),
  gen([key, index, index], (k, a, b) =>
    op("zrangeWithScores", [k, a, b], ["ZRANGE", k, String(a), String(b), "WITHSCORES"], scored),
  ),
  gen([key, bound, bound], (k, [a, ra], [b, rb]) =>
    op("zrangebyscoreWithScores", [k, a, b], ["ZRANGEBYSCORE", k, ra, rb, "WITHSCORES"], scored),
  ),
  gen([key, bound, bound], (k, [a, ra], [b, rb]) =>
    op(
      "zrange",
      [k, a, b, { by: "score", rev: true }],
      ["ZRANGE", k, ra, rb, "BYSCORE", "REV"],
      list(textOf),
    ),
  ),
  gen([key, lex, lex], (k, a, b) => op("zrangebylex", [k, a, b], ["ZRANGEBYLEX", k, a, b], list(textOf))),
  gen([key, index, index], (k, a, b) =>
    op("zrevrange", [k, a, b], ["ZREVRANGE", k, String(a), String(b)], list(textOf)),
  ),
  gen([key, fc.nat(3)], (k, n) => op("zpopmin", [k, n], ["ZPOPMIN", k, String(n)], scored)),
  gen([key, fc.nat(3)], (k, n) => op("zpopmax", [k, n], ["ZPOPMAX", k, String(n)], scored)),
  gen([keys, fc.constantFrom("MIN", "MAX"), fc.integer({ min: 1, max: 3 })], (ks, where, n) =>
    op("zmpop", [ks, where, n], ["ZMPOP", String(ks.length), ...ks, where, "COUNT", String(n)], zmpop),
  ),
  gen([keys], (ks) =>
    op("zunionWithScores", [ks], ["ZUNION", String(ks.length), ...ks, "WITHSCORES"], scored),
  ),
  gen([keys, fc.constantFrom("SUM", "MIN", "MAX")], (ks, aggregate) =>
    op(
      "zinter",
      [ks, { aggregate }],
      ["ZINTER", String(ks.length), ...ks, "AGGREGATE", aggregate],
      list(textOf),
    ),
  ),
  gen([keys], (ks) => op("zdiffWithScores", [ks], ["ZDIFF", String(ks.length), ...ks, "WITHSCORES"], scored)),
  gen([key, keys], (d, ks) =>
    op("zunionstore", [d, ks], ["ZUNIONSTORE", d, String(ks.length), ...ks], count),
  ),
  gen([key, bound, bound], (k, [a, ra], [b, rb]) =>
    op("zremrangebyscore", [k, a, b], ["ZREMRANGEBYSCORE", k, ra, rb], count),
  ),
  gen([key, index, index], (k, a, b) =>
    op("zremrangebyrank", [k, a, b], ["ZREMRANGEBYRANK", k, String(a), String(b)], count),
  ),
  gen([key], (k) => op("zscan", [k, 0, { count: 1000 }], ["ZSCAN", k, "0", "COUNT", "1000"], page(scored))),
];
