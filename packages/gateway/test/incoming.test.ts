/**
 * The gateway's request class builds `req.headers` from looked-up names: it must build the very object node builds,
 * for any header list (repeats, case variants, Set-Cookie, Cookie, names such as `__proto__`), since the token is
 * read from it.
 */
import { IncomingMessage } from "node:http";
import { Socket } from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GatewayRequest } from "../src/incoming.js";

type Parsed = IncomingMessage & { _addHeaderLines(headers: string[], n: number): void };

/** A request as node's parser leaves it once the headers are read. */
function parsed(Class: typeof IncomingMessage, raw: string[]): IncomingMessage {
  const req = new Class(new Socket()) as Parsed;
  req._addHeaderLines([...raw], raw.length);
  return req;
}

const KNOWN = [
  "Host",
  "host",
  "HOST",
  "Authorization",
  "authorization",
  "AUTHORIZATION",
  "Content-Length",
  "content-length",
  "Content-Type",
  "Upstash-Encoding",
  "upstash-encoding",
  "UPSTASH-ENCODING",
  "upstash-sync-token",
  "Accept",
  "accept",
  "Accept-Language",
  "sec-fetch-mode",
  "User-Agent",
  "Pragma",
  "Cache-Control",
  "Accept-Encoding",
  "Connection",
  "Expect",
  "Set-Cookie",
  "set-cookie",
  "Cookie",
  "cookie",
  "Date",
  "X-Forwarded-For",
  "Te",
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "Proxy-Authorization",
  "x-custom",
  "X-Custom",
];

const name = fc.oneof(
  fc.constantFrom(...KNOWN),
  fc.stringMatching(/^[A-Za-z_-]{1,20}$/),
  fc.string({ minLength: 1, maxLength: 12 }),
);
const value = fc.oneof(fc.constantFrom("", "a", "Bearer x", "base64", "1"), fc.string({ maxLength: 16 }));
const headerList = fc.array(fc.tuple(name, value), { maxLength: 24 }).map((pairs) => pairs.flat());

describe("GatewayRequest headers", () => {
  it("are the object node builds, for any header list", () => {
    expect(GatewayRequest).not.toBe(IncomingMessage); // node 20+ has _addHeaderLine to learn from
    fc.assert(
      fc.property(headerList, (raw) => {
        const ours = parsed(GatewayRequest, raw).headers;
        const nodes = parsed(IncomingMessage, raw).headers;
        expect(Object.getPrototypeOf(ours)).toBe(Object.getPrototypeOf(nodes));
        expect(Object.entries(ours)).toEqual(Object.entries(nodes));
      }),
      { numRuns: 2000 },
    );
  });

  it("keep the first Authorization of several, as node does", () => {
    const req = parsed(GatewayRequest, ["authorization", "Bearer first", "Authorization", "Bearer second"]);
    expect(req.headers.authorization).toBe("Bearer first");
    expect(parsed(GatewayRequest, ["upstash-encoding", "base64", "Upstash-Encoding", "x"]).headers).toEqual({
      "upstash-encoding": "base64, x",
    });
  });

  it("can be replaced, as node's can", () => {
    const req = parsed(GatewayRequest, ["Host", "h"]);
    req.headers = { host: "other" };
    expect(req.headers).toEqual({ host: "other" });
  });
});
