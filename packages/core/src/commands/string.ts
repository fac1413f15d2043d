/** @module String commands. Each entry builds argv and names its decoder; pool methods are one-liners over it. */
import { InvalidArgumentError } from "../errors.js";
import {
  byteOffset,
  exclusive,
  finite,
  integer,
  nonEmpty,
  pairs,
  positiveInteger,
  wholeNumber,
} from "./args.js";
import { type Arg, command, type Key, type Value } from "./command.js";
import {
  asBoolean,
  asBytes,
  asCount,
  asInteger,
  asNullableStrings,
  asNumber,
  asString,
  asText,
} from "./decode.js";

/** Options of SET. `ex` is in seconds and `px` in milliseconds, as in Redis. */
export interface SetOptions {
  /** Expire after this many seconds. */
  ex?: number;
  /** Expire after this many milliseconds. */
  px?: number;
  /** Expire at this Unix time in seconds. */
  exat?: number;
  /** Expire at this Unix time in milliseconds. */
  pxat?: number;
  /** Only set when the key does not exist. */
  nx?: boolean;
  /** Only set when the key already exists. */
  xx?: boolean;
  /** Keep the key's current TTL. */
  keepTtl?: boolean;
  /** Return the previous value instead of `"OK"`. */
  get?: boolean;
}

/** Options of GETEX: set a new expiry, or remove it. */
export interface GetExOptions {
  ex?: number;
  px?: number;
  exat?: number;
  pxat?: number;
  persist?: boolean;
}

const EXPIRY = ["ex", "px", "exat", "pxat"] as const;
const INT64_MIN = -(2n ** 63n);

function expiryArgs(options: GetExOptions | SetOptions, name: string): Arg[] {
  const out: Arg[] = [];
  for (const option of EXPIRY) {
    const value = options[option];
    if (value !== undefined) out.push(option.toUpperCase(), positiveInteger(value, `${name} ${option}`));
  }
  return out;
}

function setArgs(ttlOrOptions: number | SetOptions): Arg[] {
  if (typeof ttlOrOptions === "number") {
    // BeeORM's third argument: a TTL in seconds. Fractions are kept by sending PX.
    if (!Number.isFinite(ttlOrOptions) || ttlOrOptions <= 0) {
      throw new InvalidArgumentError(
        `SET: ttlSeconds must be a finite number greater than 0, got ${ttlOrOptions}. Omit it for no expiry.`,
      );
    }
    return Number.isInteger(ttlOrOptions)
      ? ["EX", integer(ttlOrOptions, "SET ttlSeconds")]
      : ["PX", Math.max(1, Math.round(ttlOrOptions * 1000))];
  }
  if (typeof ttlOrOptions !== "object" || ttlOrOptions === null) {
    throw new InvalidArgumentError("SET: the third argument must be a TTL in seconds or an options object.");
  }
  exclusive(ttlOrOptions, [...EXPIRY, "keepTtl"], "SET");
  exclusive(ttlOrOptions, ["nx", "xx"], "SET");
  const out = expiryArgs(ttlOrOptions, "SET");
  if (ttlOrOptions.keepTtl) out.push("KEEPTTL");
  if (ttlOrOptions.nx) out.push("NX");
  if (ttlOrOptions.xx) out.push("XX");
  if (ttlOrOptions.get) out.push("GET");
  return out;
}

export const stringCommands = {
  /** @see https://redis.io/commands/get */
  get: (key: Key) => command(["GET", key], asString),
  /** GET that returns the stored bytes exactly. @see https://redis.io/commands/get */
  getBytes: (key: Key) => command(["GET", key], asBytes),
  /**
   * Sets a value. A bare number third argument is a TTL in seconds (as in BeeORM); an options object gives
   * the full SET syntax. Resolves to `"OK"`, `null` when NX/XX prevented the write, or the old value with `get`.
   * @example pool.set("my-key", "some-value", 30)
   * @see https://redis.io/commands/set
   */
  set: (key: Key, value: Value, ttlSecondsOrOptions?: number | SetOptions) =>
    command(
      // The plain SET, the most common call, without an empty array spread into it.
      ttlSecondsOrOptions === undefined
        ? ["SET", key, value]
        : ["SET", key, value, ...setArgs(ttlSecondsOrOptions)],
      asString,
    ),
  /** @see https://redis.io/commands/getex */
  getex: (key: Key, options: GetExOptions = {}) => {
    exclusive(options, [...EXPIRY, "persist"], "GETEX");
    return command(
      ["GETEX", key, ...expiryArgs(options, "GETEX"), ...(options.persist ? ["PERSIST"] : [])],
      asString,
    );
  },
  /** @see https://redis.io/commands/getdel */
  getdel: (key: Key) => command(["GETDEL", key], asString),
  /** @see https://redis.io/commands/mget */
  mget: (...keys: Key[]) => command(["MGET", ...nonEmpty(keys, "MGET")], asNullableStrings),
  /** @example pool.mset({ a: "1", b: "2" }) @see https://redis.io/commands/mset */
  mset: (entries: Record<string, Value> | readonly (readonly [Key, Value])[]) =>
    command(["MSET", ...pairs(entries, "MSET")], asText),
  /** True when every key was set (none existed). @see https://redis.io/commands/msetnx */
  msetnx: (entries: Record<string, Value> | readonly (readonly [Key, Value])[]) =>
    command(["MSETNX", ...pairs(entries, "MSETNX")], asBoolean),
  /** @see https://redis.io/commands/setnx */
  setnx: (key: Key, value: Value) => command(["SETNX", key, value], asBoolean),
  /** @see https://redis.io/commands/setex */
  setex: (key: Key, seconds: number, value: Value) =>
    command(["SETEX", key, positiveInteger(seconds, "SETEX seconds"), value], asText),
  /** @see https://redis.io/commands/psetex */
  psetex: (key: Key, milliseconds: number, value: Value) =>
    command(["PSETEX", key, positiveInteger(milliseconds, "PSETEX milliseconds"), value], asText),
  /** @see https://redis.io/commands/incr */
  incr: (key: Key) => command(["INCR", key], asInteger),
  /** @see https://redis.io/commands/incrby */
  incrby: (key: Key, increment: number | bigint) =>
    command(["INCRBY", key, wholeNumber(increment, "INCRBY")], asInteger),
  /** Adds a finite floating-point number (Redis refuses to make the value infinite). @see https://redis.io/commands/incrbyfloat */
  incrbyfloat: (key: Key, increment: number) =>
    command(["INCRBYFLOAT", key, finite(increment, "INCRBYFLOAT increment")], asNumber),
  /** @see https://redis.io/commands/decr */
  decr: (key: Key) => command(["DECR", key], asInteger),
  /** A bigint decrement may exceed 2^53; -2^63 is refused, since Redis negates it. @see https://redis.io/commands/decrby */
  decrby: (key: Key, decrement: number | bigint) => {
    if (decrement === INT64_MIN)
      throw new InvalidArgumentError("DECRBY: a decrement of -2^63 would overflow.");
    return command(["DECRBY", key, wholeNumber(decrement, "DECRBY")], asInteger);
  },
  /** @see https://redis.io/commands/append */
  append: (key: Key, value: Value) => command(["APPEND", key, value], asCount),
  /** @see https://redis.io/commands/strlen */
  strlen: (key: Key) => command(["STRLEN", key], asCount),
  /** @see https://redis.io/commands/getrange */
  getrange: (key: Key, start: number, end: number) =>
    command(["GETRANGE", key, integer(start, "GETRANGE start"), integer(end, "GETRANGE end")], asText),
  /** Overwrites from `offset` (0 to below 512 MB, Redis' default string limit). @see https://redis.io/commands/setrange */
  setrange: (key: Key, offset: number, value: Value) =>
    command(["SETRANGE", key, byteOffset(offset, "SETRANGE offset"), value], asCount),
};
