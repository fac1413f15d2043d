/**
 * @module Scripting: EVAL of scripts returning random reply trees (text, bytes, integers up to 2^63, errors and
 * statuses, nils, nesting), and scripts echoing their keys and arguments.
 */
import fc from "fast-check";
import { bytes, int64, key, text, value } from "../inputs.js";
import { type Family, gen, op } from "../op.js";
import { callReply } from "../rules.js";

const utf8 = new TextEncoder();

/** A Lua string literal of any bytes (decimal escapes, so the script itself is plain ASCII). */
const lua = (data: string | Uint8Array) =>
  `"${Array.from(typeof data === "string" ? utf8.encode(data) : data, (b) => `\\${b}`).join("")}"`;

/** Lua numbers are doubles, which Redis truncates to 64-bit integers: keep them below 2^63 as doubles. */
const luaInteger = int64.filter((n) => Math.abs(Number(n)) < 2 ** 63).map(String);

export const scripting: Family = (inputs) => {
  const leaf = fc.oneof(
    text.map(lua),
    bytes(inputs).map(lua),
    luaInteger,
    fc.constantFrom("3.7", "-0.5", "false", "true"),
    text.map((t) => `{err=${lua(t)}}`),
    fc.constantFrom("ERR x", "MYCODE y", "my error", "\uFEFFERR").map((t) => `{err=${lua(t)}}`),
    text.map((t) => `{ok=${lua(t)}}`),
  );
  const tree = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("table")),
    table: fc.array(tie("node"), { maxLength: 4 }).map((items) => `{${items.join(", ")}}`),
  })).node as fc.Arbitrary<string>;
  const values = fc.array(value(inputs), { maxLength: 3 });
  return [
    gen([tree], (body) => op("eval", [`return ${body}`], ["EVAL", `return ${body}`, "0"], callReply)),
    gen([tree], (body) => op("evalRo", [`return ${body}`], ["EVAL_RO", `return ${body}`, "0"], callReply)),
    gen([fc.array(key, { maxLength: 2 }), values], (ks, args) =>
      op(
        "eval",
        ["return {KEYS, ARGV}", ks, args],
        ["EVAL", "return {KEYS, ARGV}", String(ks.length), ...ks, ...args],
        callReply,
      ),
    ),
  ];
};
