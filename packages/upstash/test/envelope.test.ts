import { ReplyError, TransportError } from "@beeredis/core";
import { describe, expect, it } from "vitest";
import { errorOf, fromEnvelope, fromEnvelopeItem, fromEnvelopeList } from "../src/envelope.js";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("the { result } | { error } envelope", () => {
  it("a single reply: its result, or its error thrown as ReplyError", () => {
    expect(fromEnvelope({ result: "OK" })).toEqual(bytes("OK"));
    expect(fromEnvelope({ result: null })).toBeNull();
    expect(() => fromEnvelope({ error: "WRONGTYPE Operation against a key" })).toThrow(ReplyError);
  });

  it("a batch item: its result, or its error as a ReplyError entry; anything else is a TransportError", () => {
    expect(fromEnvelopeItem({ result: 3 })).toBe(3);
    const entry = fromEnvelopeItem({ error: "ERR no such key" });
    expect(entry).toBeInstanceOf(ReplyError);
    expect((entry as ReplyError).prefix).toBe("ERR");
    for (const item of [null, 3, "OK"]) expect(() => fromEnvelopeItem(item)).toThrow(TransportError);
  });

  it("a batch: every item, or a rejected transaction's one { error } thrown as ReplyError", () => {
    expect(fromEnvelopeList([{ result: 1 }, { error: "ERR x" }])).toEqual([1, new ReplyError("ERR x")]);
    expect(() => fromEnvelopeList({ error: "EXECABORT Transaction discarded" })).toThrow(ReplyError);
    expect(() => fromEnvelopeList({ result: 1 })).toThrow(TransportError);
  });

  it("errorOf reads a string error only", () => {
    expect(errorOf({ error: "ERR x" })).toBe("ERR x");
    expect(errorOf({ error: 5 })).toBeUndefined();
    expect(errorOf("ERR x")).toBeUndefined();
    expect(errorOf(null)).toBeUndefined();
  });
});
