import { expect } from "vitest";
import type { Cases } from "./context.js";

const EVERY_BYTE = Uint8Array.from({ length: 256 }, (_, i) => i);

export const binaryCases: Cases = (ctx, it) => {
  it("a Uint8Array with every byte value round-trips through set and getBytes", async () => {
    await ctx.pool.set("bytes", EVERY_BYTE);
    const back = await ctx.pool.getBytes("bytes");
    expect(back).toBeInstanceOf(Uint8Array);
    expect(Array.from(back!)).toEqual(Array.from(EVERY_BYTE));
    const raw = await ctx.admin.getBuffer("bytes");
    expect(Array.from(raw!)).toEqual(Array.from(EVERY_BYTE));
    expect(await ctx.pool.getBytes("missing")).toBeNull();
  });

  it("binary keys work", async () => {
    const key = Uint8Array.from([0, 255, 10, 13, 32]);
    await ctx.pool.set(key, "v");
    expect(await ctx.pool.get(key)).toBe("v");
    expect(await ctx.pool.exists(key)).toBe(1);
  });

  it("callBytes keeps bulk strings as bytes", async () => {
    await ctx.pool.set("bytes", EVERY_BYTE);
    const reply = await ctx.pool.callBytes("GET", "bytes");
    expect(Array.from(reply as Uint8Array)).toEqual(Array.from(EVERY_BYTE));
  });
};
