/** @module Generic key commands: existence, renames, copies, fixed expiry times, DUMP bytes. */
import fc from "fast-check";
import { key, text } from "../inputs.js";
import { type Family, gen, op } from "../op.js";
import { bool, bytes, count, int, list, textOf, text as textRule } from "../rules.js";

/** Fixed Unix times (s and ms), so both sides store the same expiry: 2100, and beyond 2^53 ms. */
const AT_S = 4_102_444_800;
const AT_MS = [4_102_444_800_000, 2 ** 53 - 1];

/** The same key, as text or as its UTF-8 bytes: COPY onto itself is refused before sending. */
const sameKey = (a: string | Uint8Array, b: string | Uint8Array) => bytesOf(a).equals(bytesOf(b));
const bytesOf = (k: string | Uint8Array) => (typeof k === "string" ? Buffer.from(k, "utf8") : Buffer.from(k));

export const keys: Family = () => [
  gen([key, text], (k, v) => op("set", [k, v], ["SET", k, v], textRule)),
  gen([key, text], (k, v) => op("rpush", [k, v], ["RPUSH", k, v], count)),
  gen([fc.array(key, { minLength: 1, maxLength: 3 })], (ks) => op("del", ks, ["DEL", ...ks], count)),
  gen([fc.array(key, { minLength: 1, maxLength: 3 })], (ks) => op("exists", ks, ["EXISTS", ...ks], count)),
  gen([fc.array(key, { minLength: 1, maxLength: 3 })], (ks) => op("unlink", ks, ["UNLINK", ...ks], count)),
  gen([fc.array(key, { minLength: 1, maxLength: 3 })], (ks) => op("touch", ks, ["TOUCH", ...ks], count)),
  gen([key], (k) => op("type", [k], ["TYPE", k], textOf)),
  gen([key, key], (a, b) => op("rename", [a, b], ["RENAME", a, b], textOf)),
  gen([key, key], (a, b) => op("renamenx", [a, b], ["RENAMENX", a, b], bool)),
  gen([fc.tuple(key, key).filter(([a, b]) => !sameKey(a, b)), fc.boolean()], ([a, b], replace) =>
    op("copy", [a, b, { replace }], ["COPY", a, b, ...(replace ? ["REPLACE"] : [])], bool),
  ),
  gen([key, fc.constantFrom(...AT_MS), fc.constantFrom(undefined, "NX", "XX", "GT", "LT")], (k, at, when) =>
    op("pexpireat", [k, at, when], ["PEXPIREAT", k, String(at), ...(when ? [when] : [])], bool),
  ),
  gen([key], (k) => op("expireat", [k, AT_S], ["EXPIREAT", k, String(AT_S)], bool)),
  gen([key], (k) => op("pexpiretime", [k], ["PEXPIRETIME", k], int)),
  gen([key], (k) => op("expiretime", [k], ["EXPIRETIME", k], int)),
  gen([key], (k) => op("persist", [k], ["PERSIST", k], bool)),
  gen([key], (k) => op("dump", [k], ["DUMP", k], bytes)),
  gen([key], (k) => op("objectEncoding", [k], ["OBJECT", "ENCODING", k], textRule)),
  gen([fc.constantFrom("*", "{d}?", "*a*", "{d}\uFEFF*")], (pattern) =>
    op("keys", [pattern], ["KEYS", pattern], list(textOf), true),
  ),
];
