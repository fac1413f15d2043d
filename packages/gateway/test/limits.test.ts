/** The blocking slots' accounting: each token's share, the common rest, and slots given back in any order. */
import { describe, expect, it } from "vitest";
import { blockingShare, Limits } from "../src/limits.js";

const settings = { bytesPerToken: 1024, queuedPerToken: 1, blockingPerToken: 4, blockingTotal: 7 };

describe("blocking slots", () => {
  it("gives each token an even share, at most its own limit", () => {
    expect(blockingShare(settings, 3)).toBe(2);
    expect(blockingShare(settings, 1)).toBe(4);
    expect(blockingShare(settings, 8)).toBe(0);
  });

  it("lends the rest to the first token past its share, and takes a released slot back into the rest whichever slot it was", () => {
    const limits = new Limits(settings, 3); // shares of 2, a rest of 1
    const [a, b, c] = [{}, {}, {}];
    const aSlots = [limits.blockingSlot(a), limits.blockingSlot(a), limits.blockingSlot(a)];
    expect(() => limits.blockingSlot(a)).toThrow(
      /the gateway's limit of 7, of which this token's share is 2/,
    );
    const bSlots = [limits.blockingSlot(b), limits.blockingSlot(b)];
    expect(() => limits.blockingSlot(b)).toThrow(/share is 2/);
    // a gives back one of its first slots: it now holds its share only, so the rest is free again.
    aSlots[0]!();
    aSlots[0]!(); // a second release of the same slot counts for nothing
    const borrowed = limits.blockingSlot(b);
    expect(() => limits.blockingSlot(a)).toThrow(/share is 2/);
    // c never asked, and its share is still there.
    const cSlots = [limits.blockingSlot(c), limits.blockingSlot(c)];
    expect(() => limits.blockingSlot(c)).toThrow(/share is 2/);
    for (const release of [...aSlots.slice(1), ...bSlots, borrowed, ...cSlots]) release();
    const again = Array.from({ length: 3 }, () => limits.blockingSlot(a));
    expect(again).toHaveLength(3);
  });

  it("never lets a token past its own limit, even with slots to spare", () => {
    const limits = new Limits(settings, 1); // a share of 4, a rest of 3
    const token = {};
    for (let i = 0; i < 4; i++) limits.blockingSlot(token);
    expect(() => limits.blockingSlot(token)).toThrow(/this token's limit of 4/);
  });
});
