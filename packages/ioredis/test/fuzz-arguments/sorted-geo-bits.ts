/** Argument lists for the sorted set, geo, bitmap and HyperLogLog commands. */
import fc from "fast-check";
import {
  args,
  bool,
  cursor,
  type Entries,
  garbage,
  key,
  keys,
  lexBound,
  maybe,
  num,
  opts,
  scoreBound,
  text,
  timeout,
  value,
  wide,
  word,
  writeOffset,
} from "./inputs.js";

const members = fc.tuple(key, fc.array(value, { maxLength: 3 })).map(([k, xs]) => [k, ...xs]);
const scored = fc.oneof(
  fc.array(fc.record({ member: value, score: num }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 3 }), num),
  garbage,
);
const conditions = { nx: bool, xx: bool, gt: bool, lt: bool };
const limit = maybe(opts({ limit: opts({ offset: num, count: num }) }));
const combine = maybe(
  opts({ weights: fc.array(num, { maxLength: 3 }), aggregate: word("SUM", "MIN", "MAX") }),
);
const rangeOptions = maybe(
  opts({ by: word("score", "lex"), rev: bool, limit: opts({ offset: num, count: num }) }),
);
const range = fc.oneof(
  args(num, num, rangeOptions),
  args(scoreBound, scoreBound, rangeOptions),
  args(lexBound, lexBound, rangeOptions),
);

export const sortedSetEntries = {
  zadd: args(key, scored, maybe(opts({ ...conditions, ch: bool }))),
  zaddIncr: args(key, num, value, maybe(opts(conditions))),
  zincrby: args(key, num, value),
  zrem: members,
  zremrangebyrank: args(key, num, num),
  zremrangebyscore: args(key, scoreBound, scoreBound),
  zremrangebylex: args(key, lexBound, lexBound),
  zscore: args(key, value),
  zmscore: members,
  zrank: args(key, value),
  zrevrank: args(key, value),
  zcard: args(key),
  zcount: args(key, scoreBound, scoreBound),
  zlexcount: args(key, lexBound, lexBound),
  zrandmember: args(key),
  zrandmemberCount: args(key, num),
  zrandmemberWithScores: args(key, num),
  zscan: args(key, cursor, maybe(opts({ match: text, count: num }))),
  zrange: fc.tuple(key, range).map(([k, r]) => [k, ...r]),
  zrangeWithScores: fc.tuple(key, range).map(([k, r]) => [k, ...r]),
  zrangestore: fc.tuple(key, key, range).map(([d, k, r]) => [d, k, ...r]),
  zrangebyscore: args(key, scoreBound, scoreBound, limit),
  zrangebyscoreWithScores: args(key, scoreBound, scoreBound, limit),
  zrevrangebyscore: args(key, scoreBound, scoreBound, limit),
  zrevrangebyscoreWithScores: args(key, scoreBound, scoreBound, limit),
  zrangebylex: args(key, lexBound, lexBound, limit),
  zrevrangebylex: args(key, lexBound, lexBound, limit),
  zrevrange: args(key, num, num),
  zrevrangeWithScores: args(key, num, num),
  zpopmin: args(key, maybe(num)),
  zpopmax: args(key, maybe(num)),
  bzpopmin: args(keys, timeout),
  bzpopmax: args(keys, timeout),
  zmpop: args(keys, word("MIN", "MAX"), maybe(num)),
  bzmpop: args(timeout, keys, word("MIN", "MAX"), maybe(num)),
  zdiff: args(keys),
  zdiffWithScores: args(keys),
  zdiffstore: args(key, keys),
  zinter: args(keys, combine),
  zinterWithScores: args(keys, combine),
  zinterstore: args(key, keys, combine),
  zintercard: args(keys, maybe(opts({ limit: num }))),
  zunion: args(keys, combine),
  zunionWithScores: args(keys, combine),
  zunionstore: args(key, keys, combine),
} satisfies Entries;

const point = fc.oneof(fc.record({ longitude: num, latitude: num }), garbage);
const unit = word("m", "km", "ft", "mi");
const withs = {
  withCoord: bool,
  withDist: bool,
  withHash: bool,
  order: word("ASC", "DESC"),
  count: num,
  any: bool,
};
const searchOptions = maybe(opts(withs));
const storeOptions = maybe(opts({ storeDist: bool, order: word("ASC", "DESC"), count: num, any: bool }));
const from = fc.oneof(fc.record({ member: value }), point);
const by = fc.oneof(fc.record({ radius: num, unit }), fc.record({ width: num, height: num, unit }), garbage);

export const geoEntries = {
  geoadd: args(
    key,
    fc.array(fc.record({ member: value, longitude: num, latitude: num }), { maxLength: 2 }),
    maybe(opts({ nx: bool, xx: bool, ch: bool })),
  ),
  geodist: args(key, value, value, maybe(unit)),
  geohash: members,
  geopos: members,
  geosearch: args(key, from, by, searchOptions),
  geosearchstore: args(key, key, from, by, storeOptions),
  georadius: args(key, point, num, unit, searchOptions),
  georadiusStore: args(key, point, num, unit, key, storeOptions),
  georadiusRo: args(key, point, num, unit, searchOptions),
  georadiusbymember: args(key, value, num, unit, searchOptions),
  georadiusbymemberStore: args(key, value, num, unit, key, storeOptions),
  georadiusbymemberRo: args(key, value, num, unit, searchOptions),
} satisfies Entries;

const bit = fc.oneof(fc.constantFrom<unknown>(0, 1), num);
const bitUnit = maybe(word("BYTE", "BIT"));
const fieldType = fc.constantFrom<unknown>("i1", "i64", "u63", "u64", "i65", "u1", "i0", "x8", "", 8);
const specialOffset = fc.constantFrom<unknown>("#0", "#1", "#4294967296", "#-1", "#", "3");
const fieldOffset = fc.oneof(num, specialOffset, fc.constant("#536870911"));
const writeFieldOffset = fc.oneof(writeOffset, specialOffset);
const operation = fc.oneof(
  fc.record({ op: fc.constant("GET"), type: fieldType, offset: fieldOffset }),
  fc.record({ op: fc.constant("SET"), type: fieldType, offset: writeFieldOffset, value: wide }),
  fc.record({ op: fc.constant("INCRBY"), type: fieldType, offset: writeFieldOffset, increment: wide }),
  fc.record({ op: fc.constant("OVERFLOW"), behavior: word("WRAP", "SAT", "FAIL") }),
  garbage,
);

export const bitEntries = {
  setbit: args(key, writeOffset, bit),
  getbit: args(key, num),
  bitcount: args(key, maybe(opts({ start: num, end: num, unit: bitUnit }))),
  bitpos: args(key, bit, maybe(opts({ start: num, end: num, unit: bitUnit }))),
  bitop: fc
    .tuple(word("AND", "OR", "XOR", "NOT"), key, fc.array(key, { maxLength: 3 }))
    .map(([o, d, ks]) => [o, d, ...ks]),
  bitfield: args(key, fc.array(operation, { maxLength: 3 })),
  bitfieldRo: args(key, fc.array(operation, { maxLength: 2 })),
  pfadd: members,
  pfcount: fc.array(key, { maxLength: 3 }),
  pfmerge: fc.tuple(key, fc.array(key, { maxLength: 2 })).map(([d, ks]) => [d, ...ks]),
} satisfies Entries;
