import { describe, expect, it } from "vitest";
import { lockKeys, newToken } from "./keys.js";

/** The part of a key Redis Cluster hashes: the text inside the first `{...}` (when not empty). */
function hashTag(key: string): string {
  const open = key.indexOf("{");
  const close = open < 0 ? -1 : key.indexOf("}", open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

describe("lock keys", () => {
  it("puts the lock, its fence, queue and waiter boxes under one hash tag", () => {
    const keys = lockKeys("lock", "job");
    expect([keys.lock, keys.fence, keys.queue, keys.box("ab")]).toEqual([
      "{lock:job}",
      "{lock:job}:fence",
      "{lock:job}:queue",
      "{lock:job}:box:ab",
    ]);
    for (const key of [keys.fence, keys.queue, keys.box("ab")]) expect(hashTag(key)).toBe("lock:job");
  });

  it("keeps one slot per lock even when the name holds braces, and distinct names never share a key", () => {
    for (const name of ["a}b", "{x}", "}", "a{b}c"]) {
      const keys = lockKeys("lock", name);
      const tags = new Set([keys.lock, keys.fence, keys.queue, keys.box("ff")].map(hashTag));
      expect(tags.size).toBe(1);
    }
    const all = ["x", "x}:fence", "x}:queue", "x:fence"].flatMap((name) => {
      const keys = lockKeys("lock", name);
      return [keys.lock, keys.fence, keys.queue];
    });
    expect(new Set(all).size).toBe(all.length);
  });

  it("tokens are 128 random bits in hex", () => {
    const tokens = new Set(Array.from({ length: 1000 }, newToken));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) expect(token).toMatch(/^[0-9a-f]{32}$/);
  });
});
