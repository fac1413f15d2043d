/** Argument lists for the hash, list and set commands. */
import fc from "fast-check";
import {
  args,
  cursor,
  type Entries,
  key,
  keys,
  maybe,
  num,
  opts,
  text,
  timeout,
  value,
  wide,
  word,
} from "./inputs.js";

const entries = fc.oneof(
  fc.array(fc.tuple(key, value), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 3 }), value),
);
const values = fc.array(value, { maxLength: 3 });
const side = word("LEFT", "RIGHT");
const scan = maybe(opts({ match: text, count: num }));

export const hashEntries = {
  hset: args(key, entries),
  hmset: args(key, entries),
  hsetnx: args(key, key, value),
  hget: args(key, key),
  hgetBytes: args(key, key),
  hmget: fc.tuple(key).chain(([k]) => fc.array(key, { maxLength: 3 }).map((fs) => [k, ...fs])),
  hgetall: args(key),
  hgetallBytes: args(key),
  hdel: fc.tuple(key, fc.array(key, { maxLength: 3 })).map(([k, fs]) => [k, ...fs]),
  hexists: args(key, key),
  hincrby: args(key, key, wide),
  hincrbyfloat: args(key, key, num),
  hkeys: args(key),
  hvals: args(key),
  hlen: args(key),
  hstrlen: args(key, key),
  hrandfield: args(key),
  hrandfieldCount: args(key, num),
  hrandfieldWithValues: args(key, num),
  hscan: args(key, cursor, scan),
} satisfies Entries;

const push = fc.tuple(key, values).map(([k, xs]) => [k, ...xs]);

export const listEntries = {
  lpush: push,
  rpush: push,
  lpushx: push,
  rpushx: push,
  lpop: args(key),
  lpopBytes: args(key),
  lpopCount: args(key, num),
  lpopCountBytes: args(key, num),
  rpop: args(key),
  rpopBytes: args(key),
  rpopCount: args(key, num),
  rpopCountBytes: args(key, num),
  lrange: args(key, num, num),
  lrangeBytes: args(key, num, num),
  llen: args(key),
  lindex: args(key, num),
  lindexBytes: args(key, num),
  linsert: args(key, word("BEFORE", "AFTER"), value, value),
  lset: args(key, num, value),
  lrem: args(key, num, value),
  ltrim: args(key, num, num),
  lpos: args(key, value, maybe(opts({ rank: num, maxlen: num }))),
  lposCount: args(key, value, num, maybe(opts({ rank: num, maxlen: num }))),
  lmove: args(key, key, side, side),
  lmpop: args(keys, side, maybe(num)),
  lmpopBytes: args(keys, side, maybe(num)),
  rpoplpush: args(key, key),
  blpop: args(keys, timeout),
  blpopBytes: args(keys, timeout),
  brpop: args(keys, timeout),
  brpopBytes: args(keys, timeout),
  brpoplpush: args(key, key, timeout),
  blmove: args(key, key, side, side, timeout),
  blmpop: args(timeout, keys, side, maybe(num)),
  blmpopBytes: args(timeout, keys, side, maybe(num)),
} satisfies Entries;

const members = fc.tuple(key, values).map(([k, xs]) => [k, ...xs]);
const keyList = fc.array(key, { maxLength: 3 });

export const setEntries = {
  sadd: members,
  srem: members,
  smembers: args(key),
  sismember: args(key, value),
  smismember: members,
  scard: args(key),
  spop: args(key),
  spopCount: args(key, num),
  srandmember: args(key),
  srandmemberCount: args(key, num),
  smove: args(key, key, value),
  sdiff: keyList,
  sinter: keyList,
  sunion: keyList,
  sdiffstore: fc.tuple(key, keyList).map(([d, ks]) => [d, ...ks]),
  sinterstore: fc.tuple(key, keyList).map(([d, ks]) => [d, ...ks]),
  sunionstore: fc.tuple(key, keyList).map(([d, ks]) => [d, ...ks]),
  sintercard: args(fc.oneof(keyList, key), maybe(opts({ limit: num }))),
  sscan: args(key, cursor, scan),
} satisfies Entries;
