import { expect } from "vitest";
import type { Cases } from "./context.js";

// 1,000 elements, so the servers' compact encodings (one page for small collections) do not apply.
const SIZE = 1000;
const names = Array.from({ length: SIZE }, (_, i) => `m${i}`);

export const iteratorCases: Cases = (ctx, it) => {
  it("hscanIterator visits every field with its value", async () => {
    await ctx.admin.hset("h", Object.fromEntries(names.map((n) => [n, `v-${n}`])));
    const seen = new Map<string, string>();
    for await (const [field, value] of ctx.pool.hscanIterator("h", { count: 100 })) seen.set(field, value);
    expect(seen.size).toBe(SIZE);
    expect(seen.get("m7")).toBe("v-m7");
  });

  it("sscanIterator visits every member, filtered by match", async () => {
    await ctx.admin.sadd("s", ...names);
    const seen = new Set<string>();
    for await (const member of ctx.pool.sscanIterator("s", { match: "m1*", count: 100 })) seen.add(member);
    expect(seen).toEqual(new Set(names.filter((n) => n.startsWith("m1"))));
  });

  it("zscanIterator visits every member with its score", async () => {
    await ctx.admin.zadd("z", ...names.flatMap((n, i) => [i + 0.5, n]));
    let total = 0;
    let count = 0;
    for await (const { score } of ctx.pool.zscanIterator("z", { count: 100 })) {
      total += score;
      count++;
    }
    expect(count).toBe(SIZE);
    expect(total).toBe((SIZE * (SIZE - 1)) / 2 + SIZE * 0.5);
  });

  it("breaking out of an iterator stops early", async () => {
    await ctx.admin.sadd("s", ...names);
    let taken = 0;
    for await (const _ of ctx.pool.sscanIterator("s")) if (++taken === 3) break;
    expect(taken).toBe(3);
  });
};
