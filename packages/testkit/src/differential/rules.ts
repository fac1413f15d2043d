/**
 * @module The documented decoding rules, written again from the raw reply a plain ioredis client gets (RESP2,
 * `stringNumbers`, Buffers): the oracle each typed result is compared with. Written with Node's Buffer, not with
 * core's decoders, so a decoder bug cannot agree with itself.
 */

/** A reply as ioredis' `callBuffer` gives it with `stringNumbers`: integers as strings, strings as Buffers. */
export type Raw = Buffer | string | null | Error | Raw[];

/** Turns a raw reply into what the typed method must resolve to. */
export type Rule<T = unknown> = (reply: Raw) => T;

const buffer = (reply: Raw): Buffer => {
  if (!Buffer.isBuffer(reply)) throw new Error(`oracle: expected a string reply, got ${describeRaw(reply)}`);
  return reply;
};

function describeRaw(reply: Raw): string {
  if (reply === null) return "nil";
  if (Array.isArray(reply)) return "an array";
  if (reply instanceof Error) return `the error ${reply.message}`;
  return typeof reply === "string" ? `the integer ${reply}` : "a string";
}

/** Bulk or status string as UTF-8 text (a leading U+FEFF kept), nil as `null`. */
export const text: Rule<string | null> = (r) => (r === null ? null : buffer(r).toString("utf8"));
/** A string that is never nil. */
export const textOf: Rule<string> = (r) => buffer(r).toString("utf8");
/** Bulk string as bytes, nil as `null`. */
export const bytes: Rule<Uint8Array | null> = (r) => (r === null ? null : new Uint8Array(buffer(r)));
/** An integer: a number within ±(2^53−1), a bigint beyond. */
export const int: Rule<number | bigint> = (r) => {
  const n = Number(r);
  return Number.isSafeInteger(n) ? n : BigInt(r as string);
};
/** A count or length. */
export const count: Rule<number> = (r) => Number(r);
/** A count, or `null` for nil. */
export const nullableCount: Rule<number | null> = (r) => (r === null ? null : Number(r));
/** 1/0 as a boolean. */
export const bool: Rule<boolean> = (r) => r === "1";
/** A double in a bulk string (`inf`, `-inf` spelled as Redis does), nil as `null`. */
export const float: Rule<number | null> = (r) => {
  if (r === null) return null;
  const t = textOf(r);
  if (t === "inf" || t === "+inf") return Number.POSITIVE_INFINITY;
  if (t === "-inf") return Number.NEGATIVE_INFINITY;
  return Number(t);
};

/** An array, each element by `item`; a nil array is `[]`. */
export function list<T>(item: Rule<T>): Rule<T[]> {
  return (r) => (r === null ? [] : (r as Raw[]).map(item));
}

/** A flat `name, value, ...` array as a record. */
export function record<T>(value: Rule<T>): Rule<Record<string, T>> {
  return (r) => {
    const items = (r ?? []) as Raw[];
    const out: Record<string, T> = {};
    for (let i = 0; i + 1 < items.length; i += 2) {
      // As data even for "__proto__"; a repeated name keeps its last value.
      Object.defineProperty(out, textOf(items[i]!), {
        value: value(items[i + 1]!),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };
}

/** A flat `a, b, ...` array as `[a, b]` pairs. */
export function pairs<A, B>(first: Rule<A>, second: Rule<B>): Rule<[A, B][]> {
  return (r) => {
    const items = (r ?? []) as Raw[];
    const out: [A, B][] = [];
    for (let i = 0; i + 1 < items.length; i += 2) out.push([first(items[i]!), second(items[i + 1]!)]);
    return out;
  };
}

/** WITHSCORES: `{ member, score }` objects. */
export const scored: Rule<{ member: string; score: number | null }[]> = (r) =>
  pairs(textOf, float)(r).map(([member, score]) => ({ member, score }));

/** A `[cursor, items]` page. */
export function page<T>(items: Rule<T[]>): Rule<{ cursor: string; items: T[] }> {
  return (r) => {
    const [cursor, rest] = r as Raw[];
    return { cursor: textOf(cursor!), items: items(rest!) };
  };
}

/** `call()`: strings as text, integers per the integer rule, nested arrays kept, error replies kept as errors. */
export const callReply: Rule = (r) => {
  if (r === null) return null;
  if (Array.isArray(r)) return r.map(callReply);
  if (r instanceof Error) return { error: r.message };
  if (typeof r === "string") return int(r);
  return textOf(r);
};

/** `callBytes()`: like {@link callReply} with strings as bytes. */
export const callBytesReply: Rule = (r) => {
  if (r === null) return null;
  if (Array.isArray(r)) return r.map(callBytesReply);
  if (r instanceof Error) return { error: r.message };
  if (typeof r === "string") return int(r);
  return new Uint8Array(r);
};
