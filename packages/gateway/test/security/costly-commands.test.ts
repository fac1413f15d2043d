/**
 * LCS costs time and memory in the product of its two strings' lengths: two strings of 11.6 KB took a 512 MB table
 * and 1.5 s, during which Redis served no one. It needs an admin token, refused to the others by the gateway and,
 * inside their scripts, by Redis' ACLs. Checked by what Redis ran.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Playground, playground, ROUTES, sendBy } from "./fixture.js";

const lcsCalls = async (pg: Playground) =>
  Number(/cmdstat_lcs:calls=(\d+)/.exec(await pg.direct.info("commandstats"))?.[1] ?? 0);

describe("costly commands", () => {
  let pg: Playground;
  beforeAll(async () => {
    pg = await playground();
  });
  afterAll(() => pg.stop());

  it("LCS is refused to tenant and read-only tokens, directly and from their scripts, and runs for an admin", async () => {
    for (const route of ROUTES) {
      for (const token of ["tenant", "readOnly"] as const) {
        const answer = await sendBy(pg, token, route, ["LCS", "a", "b"]);
        expect(answer.status, `${token} ${route}`).toBe(route.startsWith("/pipeline") ? 400 : 403);
      }
    }
    const fromScript = await pg.send("tenant", "/", [
      "EVAL",
      "return redis.call('LCS', KEYS[1], KEYS[2])",
      2,
      "a",
      "b",
    ]);
    expect(fromScript.json.error).toMatch(/NOPERM|no permissions|can't run this command/i);
    expect(await lcsCalls(pg)).toBe(0);
    await pg.direct.mset("a", "ohmytext", "b", "mynewtext");
    expect((await pg.send("admin", "/", ["LCS", "a", "b"])).json).toEqual({ result: "mytext" });
    expect(await lcsCalls(pg)).toBe(1);
  });
});
