/**
 * What Redis must bound itself (a large value from a small request, a reply built before the gateway withholds
 * it): the gateway reads Redis' limits at start and says which are open, in `gateway.warnings`.
 */
import { describe, expect, it } from "vitest";
import { playground } from "./fixture.js";

describe("Redis limits read at start", () => {
  it("names an unbounded maxmemory and output buffer", async () => {
    const pg = await playground();
    try {
      expect(pg.gateway.warnings).toHaveLength(2);
      expect(pg.gateway.warnings[0]).toMatch(
        /^Redis has no maxmemory: .* Set maxmemory and a maxmemory-policy\.$/,
      );
      expect(pg.gateway.warnings[1]).toMatch(/^Redis does not bound a normal client's output buffer: /);
    } finally {
      await pg.stop();
    }
  });

  it("says nothing when Redis bounds both", async () => {
    const pg = await playground({}, [
      "--maxmemory",
      "256mb",
      "--client-output-buffer-limit",
      "normal 64mb 32mb 60",
    ]);
    try {
      expect(pg.gateway.warnings).toEqual([]);
    } finally {
      await pg.stop();
    }
  });
});
