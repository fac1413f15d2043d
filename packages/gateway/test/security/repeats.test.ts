/**
 * Reads whose reply grows with a count the client names (SRANDMEMBER, ZRANDMEMBER, HRANDFIELD with a negative
 * count repeat members): a token may ask for at most 100,000, on every route, read-only tokens included. Checked by
 * what Redis ran: a refused request never reaches it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Playground, playground, ROUTES, sendBy } from "./fixture.js";

const calls = async (pg: Playground, command: string) =>
  Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(await pg.direct.info("commandstats"))?.[1] ?? 0);

describe("repeated members", () => {
  let pg: Playground;
  beforeAll(async () => {
    pg = await playground();
    await pg.direct.select(3);
    await pg.direct.sadd("one", "m");
    await pg.direct.zadd("zone", 1, "m");
    await pg.direct.hset("hone", "f", "v");
    await pg.direct.select(0);
  });
  afterAll(() => pg.stop());

  it("refuses a negative count past 100,000 before Redis runs it", async () => {
    const before = {
      srandmember: await calls(pg, "srandmember"),
      zrandmember: await calls(pg, "zrandmember"),
      hrandfield: await calls(pg, "hrandfield"),
    };
    for (const route of ROUTES) {
      for (const token of ["tenant", "readOnly"] as const) {
        for (const argv of [
          ["SRANDMEMBER", "one", "-20000000"],
          ["ZRANDMEMBER", "zone", "-100001", "WITHSCORES"],
          ["HRANDFIELD", "hone", "-9223372036854775807", "WITHVALUES"],
        ]) {
          const answer = await sendBy(pg, token, route, argv);
          expect(answer.status, `${token} ${route} ${argv.join(" ")}`).toBe(400);
          expect(answer.error).toMatch(/would repeat more than 100000 members/);
        }
      }
    }
    expect(await calls(pg, "srandmember")).toBe(before.srandmember);
    expect(await calls(pg, "zrandmember")).toBe(before.zrandmember);
    expect(await calls(pg, "hrandfield")).toBe(before.hrandfield);
  });

  it("serves a negative count up to the bound, and any positive one (distinct members, as many as there are)", async () => {
    const repeated = await pg.send("readOnly", "/", ["SRANDMEMBER", "one", "-1000"]);
    expect(repeated.json.result).toEqual(Array.from({ length: 1000 }, () => "m"));
    expect((await pg.send("tenant", "/", ["SRANDMEMBER", "one", "20000000"])).json).toEqual({
      result: ["m"],
    });
  });
});
