/** Argument lists for the stream, scripting, function and pub/sub commands. */
import fc from "fast-check";
import {
  args,
  bool,
  type Entries,
  garbage,
  key,
  maybe,
  num,
  opts,
  streamId,
  text,
  value,
  word,
} from "./inputs.js";

const fields = fc.oneof(
  fc.array(fc.tuple(key, value), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), value),
  garbage,
);
const trim = { maxlen: num, minid: streamId, approximate: bool, limit: num };
const ids = fc.tuple(key, key, fc.array(streamId, { maxLength: 3 }));
const offsets = fc.oneof(
  fc.array(fc.tuple(key, streamId), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), streamId),
);
/** A block of at most a few ms: a longer (or endless, 0) block would only make the run slow. */
const block = fc.constantFrom<unknown>(1, 5, -1, 1.5, Number.NaN, "1");
const claim = maybe(opts({ idle: num, time: num, retrycount: num, force: bool, lastid: streamId }));

export const streamEntries = {
  xadd: args(key, fields, maybe(opts({ ...trim, id: streamId, nomkstream: bool }))),
  xdel: fc.tuple(key, fc.array(streamId, { maxLength: 3 })).map(([k, xs]) => [k, ...xs]),
  xtrim: args(key, opts(trim)),
  xsetid: args(key, streamId, maybe(opts({ entriesAdded: num, maxDeletedId: streamId }))),
  xlen: args(key),
  xrange: args(key, maybe(streamId), maybe(streamId), maybe(opts({ count: num }))),
  xrangeBytes: args(key, maybe(streamId), maybe(streamId), maybe(opts({ count: num }))),
  xrevrange: args(key, maybe(streamId), maybe(streamId), maybe(opts({ count: num }))),
  xrevrangeBytes: args(key, maybe(streamId), maybe(streamId), maybe(opts({ count: num }))),
  xread: args(offsets, maybe(opts({ count: num, block }))),
  xreadBytes: args(offsets, maybe(opts({ count: num, block }))),
  xreadgroup: args(key, key, offsets, maybe(opts({ count: num, block, noack: bool }))),
  xreadgroupBytes: args(key, key, offsets, maybe(opts({ count: num, noack: bool }))),
  xgroupCreate: args(key, key, maybe(streamId), maybe(opts({ mkstream: bool, entriesRead: num }))),
  xgroupCreateconsumer: args(key, key, key),
  xgroupDelconsumer: args(key, key, key),
  xgroupDestroy: args(key, key),
  xgroupSetid: args(key, key, streamId, maybe(opts({ entriesRead: num }))),
  xgroupHelp: args(),
  xack: ids.map(([k, g, xs]) => [k, g, ...xs]),
  xpending: args(key, key),
  xpendingRange: args(key, key, streamId, streamId, num, maybe(opts({ idle: num, consumer: key }))),
  xclaim: args(key, key, key, num, fc.oneof(streamId, fc.array(streamId, { maxLength: 2 })), claim),
  xclaimJustId: args(key, key, key, num, fc.oneof(streamId, fc.array(streamId, { maxLength: 2 })), claim),
  xautoclaim: args(key, key, key, num, maybe(streamId), maybe(opts({ count: num }))),
  xautoclaimJustId: args(key, key, key, num, maybe(streamId), maybe(opts({ count: num }))),
  xinfoStream: args(key),
  xinfoStreamFull: args(key, maybe(opts({ count: num }))),
  xinfoGroups: args(key),
  xinfoConsumers: args(key, key),
  xinfoHelp: args(),
} satisfies Entries;

/** Scripts and libraries are fixed: their source is checked by Redis only (it compiles them). */
const SCRIPT = "return {KEYS[1], ARGV[1]}";
const LIBRARY =
  "#!lua name=fuzzlib\nredis.register_function('fuzzfn', function(keys, args) return #keys end)";
const keysAndArgs = [
  maybe(fc.array(key, { maxLength: 2 })),
  maybe(fc.array(value, { maxLength: 2 })),
] as const;
const sha = fc.constantFrom<unknown>("a42059b356c875f0717db19a51f6aaca9ae659ea", "", "nope", 5);

export const scriptEntries = {
  eval: args(fc.constant(SCRIPT), ...keysAndArgs),
  evalRo: args(fc.constant(SCRIPT), ...keysAndArgs),
  evalsha: args(sha, ...keysAndArgs),
  evalshaRo: args(sha, ...keysAndArgs),
  scriptLoad: args(fc.constant(SCRIPT)),
  scriptExists: fc.array(sha, { maxLength: 2 }),
  scriptFlush: args(maybe(word("SYNC", "ASYNC"))),
  scriptKill: args(),
  scriptHelp: args(),
  functionLoad: args(fc.constant(LIBRARY), maybe(opts({ replace: bool }))),
  functionList: args(maybe(opts({ libraryName: text, withCode: bool }))),
  functionDelete: args(text),
  functionFlush: args(maybe(word("SYNC", "ASYNC"))),
  functionDump: args(),
  functionRestore: { skip: "the payload is checked by Redis only (version and checksum)" },
  functionStats: args(),
  functionKill: args(),
  functionHelp: args(),
  fcall: args(fc.constantFrom<unknown>("fuzzfn", "nope", ""), ...keysAndArgs),
  fcallRo: args(fc.constantFrom<unknown>("fuzzfn", "nope", ""), ...keysAndArgs),
  publish: args(key, value),
  spublish: args(key, value),
  pubsubChannels: args(maybe(text)),
  pubsubNumsub: fc.array(key, { maxLength: 2 }),
  pubsubNumpat: args(),
  pubsubShardchannels: args(maybe(text)),
  pubsubShardnumsub: fc.array(key, { maxLength: 2 }),
  pubsubHelp: args(),
} satisfies Entries;
