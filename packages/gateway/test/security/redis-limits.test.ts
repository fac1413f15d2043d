/**
 * What Redis must bound itself (a large value from a small request, a reply built before the gateway withholds
 * it): the gateway reads Redis' limits at start and says which are open, in `gateway.warnings`, as it says when its
 * own options leave tokens without a share of the blocking slots.
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

  it("names more tokens than blocking slots, which leaves some tokens no share", async () => {
    const bounded = ["--maxmemory", "256mb", "--client-output-buffer-limit", "normal 64mb 32mb 60"];
    const pg = await playground({ maxBlockingTotal: 3 }, bounded);
    try {
      expect(pg.gateway.warnings).toEqual([
        "4 tokens share maxBlockingTotal (3) blocking slots, fewer than one each: a few tokens' blocking commands and SSE streams can hold them all. Raise maxBlockingTotal (and Redis' maxclients) to at least the number of tokens.",
      ]);
      // Past the warning, the slots still bound Redis' connections: the first three blocks run, the fourth is refused.
      const blocks = ["tenant", "tenant", "other", "admin"].map((token) =>
        pg.send(token as "tenant", "/", ["BLPOP", "nothing-here", "0.5"]),
      );
      expect((await Promise.all(blocks)).map((answer) => answer.status).sort()).toEqual([200, 200, 200, 429]);
    } finally {
      await pg.stop();
    }
  });
});
