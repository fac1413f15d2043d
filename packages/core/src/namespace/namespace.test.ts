import { describe, expect, it } from "vitest";
import { command } from "../commands/command.js";
import { asCallReply } from "../commands/decode.js";
import { UnsupportedError } from "../errors.js";
import { Namespace } from "./namespace.js";
import { checkNamespace } from "./validate.js";

const bytes = (text: string) => new TextEncoder().encode(text);
const ns = new Namespace("app*1", "default");
const applied = (...argv: (string | Uint8Array)[]) => ns.apply(command(argv, asCallReply));

describe("Namespace", () => {
  it("prefixes text and byte keys, and leaves other arguments alone", () => {
    expect(applied("SET", "k", "v").argv).toEqual(["SET", "app*1:k", "v"]);
    expect(applied("GET", bytes("k")).argv).toEqual(["GET", bytes("app*1:k")]);
  });

  it("confines KEYS and SCAN patterns, escaping the namespace's glob characters", () => {
    expect(applied("KEYS", "u:*").argv).toEqual(["KEYS", "app\\*1:u:*"]);
    expect(applied("SCAN", "0", "MATCH", "u:*", "COUNT", "5").argv).toEqual([
      "SCAN",
      "0",
      "MATCH",
      "app\\*1:u:*",
      "COUNT",
      "5",
    ]);
    expect(applied("SCAN", "0", "COUNT", "5").argv).toEqual([
      "SCAN",
      "0",
      "COUNT",
      "5",
      "MATCH",
      "app\\*1:*",
    ]);
  });

  it("gives key names in replies back without the prefix, and other names whole", () => {
    expect(applied("SCAN", "0").decode(["0", [bytes("app*1:a"), bytes("b")]].map(asRaw))).toEqual([
      "0",
      ["a", "b"],
    ]);
    expect(applied("BLPOP", "a", "0").decode([bytes("app*1:a"), bytes("app*1:v")])).toEqual(["a", "app*1:v"]);
    expect(applied("XREAD", "STREAMS", "s", "0").decode([[bytes("app*1:s"), []]])).toEqual([["s", []]]);
    expect(applied("RANDOMKEY").decode(bytes("other"))).toBe("other");
  });

  it("refuses a command the table does not know", () => {
    expect(() => applied("JSON.GET", "doc")).toThrow(UnsupportedError);
  });
});

/** A reply part as a transport hands it over: strings as bytes. */
function asRaw(value: unknown): never {
  return (typeof value === "string" ? bytes(value) : value) as never;
}

describe("checkNamespace", () => {
  it("accepts a plain name and explains what is wrong with a bad one", () => {
    expect(checkNamespace("app1")).toBeUndefined();
    expect(checkNamespace("a{b}")).toMatch(/must not contain \{ or \}/);
    expect(checkNamespace("")).toMatch(/non-empty string/);
    expect(checkNamespace("a\nb")).toMatch(/blanks or control characters/);
    expect(checkNamespace(7)).toMatch(/got number/);
  });
});
