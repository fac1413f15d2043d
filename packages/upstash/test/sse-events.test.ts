/**
 * The SSE format as the subscription streams use it: events cut anywhere between chunks, every line ending, comment
 * heartbeats, multi-line data; and the event data Upstash sends, names with commas included.
 */
import { describe, expect, it } from "vitest";
import { readEvent } from "../src/pubsub/events.js";
import { SseParser } from "../src/pubsub/sse-parser.js";

const text = new TextDecoder();

/** Every event `chunks` complete, fed one by one. */
function parse(chunks: readonly string[]): string[] {
  const parser = new SseParser();
  return chunks.flatMap((chunk) => parser.push(chunk));
}

describe("SseParser", () => {
  const stream = "data: subscribe,a,1\n\n: heartbeat\n\ndata: message,a,one\ndata: two\n\ndata:tight\r\n\r\n";
  const events = ["subscribe,a,1", "message,a,one\ntwo", "tight"];

  it("reads events, joining data lines with \\n and ignoring comments", () => {
    expect(parse([stream])).toEqual(events);
  });

  it("gives the same events wherever the chunks are cut, CRLF split in two included", () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      expect(parse([stream.slice(0, cut), stream.slice(cut)])).toEqual(events);
    }
    expect(parse([...stream])).toEqual(events);
  });

  it("takes CR, LF and CRLF line endings; only one space after the colon is dropped", () => {
    expect(parse(["data:  two spaces\r\rdata: x\r\ndata\r\n\r\n"])).toEqual([" two spaces", "x\n"]);
  });

  it("ignores other fields and an event with no data; keeps an incomplete event until its blank line", () => {
    const parser = new SseParser();
    expect(parser.push("event: ping\nid: 7\nretry: 10\n\ndata: held")).toEqual([]);
    expect(parser.push("\n")).toEqual([]);
    expect(parser.push("\n")).toEqual(["held"]);
  });
});

describe("readEvent", () => {
  const message = (data: string, names: string[]) => {
    const event = readEvent(data, names);
    if (event === undefined || event === "confirmed") return event;
    return {
      ...(event.pattern ? { pattern: text.decode(event.pattern) } : {}),
      channel: text.decode(event.channel),
      message: text.decode(event.message),
    };
  };

  it("confirmations, messages and pattern messages; the message keeps its commas", () => {
    expect(readEvent("subscribe,news,1", ["news"])).toBe("confirmed");
    expect(readEvent("psubscribe,n*,1", ["n*"])).toBe("confirmed");
    expect(message("message,news,a,b,c", ["news"])).toEqual({ channel: "news", message: "a,b,c" });
    expect(message("message,news,", ["news"])).toEqual({ channel: "news", message: "" });
    expect(message("pmessage,n*,news,a,b", ["n*"])).toEqual({
      pattern: "n*",
      channel: "news",
      message: "a,b",
    });
  });

  it("a subscribed name with a comma is matched whole, the longest first", () => {
    expect(message("message,a,b,hello", ["a,b"])).toEqual({ channel: "a,b", message: "hello" });
    expect(message("message,a,b,hello", ["a", "a,b"])).toEqual({ channel: "a,b", message: "hello" });
    expect(message("pmessage,x,*,x,y,m", ["x,*"])).toEqual({ pattern: "x,*", channel: "x", message: "y,m" });
  });

  it("ignores what it does not know: other types and malformed data", () => {
    for (const data of ["unsubscribe,a,0", "hello", "", "message", "message,nocomma", "pmessage,p,c"]) {
      expect(readEvent(data, ["a"])).toBeUndefined();
    }
  });
});
