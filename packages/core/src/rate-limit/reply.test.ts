import { describe, expect, it } from "vitest";
import { TransportError } from "../errors.js";
import { asRateLimitReply, toResult } from "./reply.js";

const decodeResult = (reply: unknown, limit: number) => toResult(asRateLimitReply(reply as never), limit);

describe("rate limit script replies", () => {
  it("decode µs into whole ms rounded up, and keep the server time with µs precision", () => {
    expect(decodeResult([0, 2, 59_999_001, 1, 1_700_000_000_123_456], 5)).toEqual({
      allowed: false,
      limit: 5,
      remaining: 2,
      resetAfterMs: 60_000,
      retryAfterMs: 1,
      serverTime: 1_700_000_000_123.456,
      source: "redis",
    });
    expect(decodeResult([1, 4, 60_000_000, 0, 1], 5)).toMatchObject({ allowed: true, retryAfterMs: 0 });
    expect(asRateLimitReply([1, 0, 0, 0, 0])[0]).toBe(1);
    expect(asRateLimitReply([0, 0, 0, 0, 0])[0]).toBe(0);
  });

  it("reject any other shape with TransportError", () => {
    for (const reply of [null, 1, new Uint8Array(1), [1, 2, 3, 4], [1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5n]]) {
      expect(() => asRateLimitReply(reply as never)).toThrow(TransportError);
    }
  });
});
