/**
 * Option words as Redis reads them. Redis compares COPY's, XREAD's and SORT's options with C's strcasecmp, which
 * stops at the first NUL byte: "DB\0" is DB to Redis. COPY's options are therefore allowed, not screened, so a
 * tenant cannot copy into another database however the word is spelled. Checked by what each database holds.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Playground, playground, ROUTES, SECRET_KEY, SECRET_VALUE, sendBy } from "./fixture.js";

describe("option words as Redis reads them", () => {
  let pg: Playground;
  beforeAll(async () => {
    pg = await playground();
  });
  afterAll(() => pg.stop());

  it("COPY into another database is refused on every route, however DB is spelled, and no database changes", async () => {
    const spellings = ["DB\0", "db\0", "DB\0x", "Db\0\0", "DB\u0000REPLACE"];
    for (const route of ROUTES) {
      for (const db of spellings) {
        for (const argv of [
          ["COPY", "sentinel", SECRET_KEY, db, "0", "REPLACE"],
          ["COPY", "sentinel", "planted", db, "5"],
          ["COPY", "sentinel", "planted", "DB", "3", db, "0"],
          ["COPY", "sentinel", "planted", "REPLACE\0", db, "5"],
        ]) {
          const answer = await sendBy(pg, "tenant", route, argv);
          // 403 for the request; a pipeline answers 200 with the refusal as the command's item (sendBy: 400).
          expect(answer.status, `${route}: ${JSON.stringify(argv)}`).toBe(
            route.startsWith("/pipeline") ? 400 : 403,
          );
          // In a transaction the refusal is the EXECABORT's reason: nothing of it was sent.
          expect(answer.error).toMatch(
            /NOPERM COPY takes only REPLACE and DB with this token's own database/,
          );
        }
      }
    }
    await pg.assertIntact();
    expect(await pg.read(0, SECRET_KEY)).toBe(SECRET_VALUE);
    for (const db of [0, 1, 5]) expect(await pg.read(db, "planted")).toBeNull();
  });

  it("COPY's options are allowed, not screened: REPLACE and DB with the token's own database work, any other word is refused before Redis sees it", async () => {
    expect((await pg.send("tenant", "/", ["COPY", "sentinel", "copy-1", "db", "3", "replace"])).json).toEqual(
      {
        result: 1,
      },
    );
    expect(await pg.read(3, "copy-1")).toBe("planted-in-3");
    for (const argv of [
      ["COPY", "sentinel", "copy-2", "DB", "03"],
      ["COPY", "sentinel", "copy-2", "DB", "3\0"],
      ["COPY", "sentinel", "copy-2", "DB"],
      ["COPY", "sentinel", "copy-2", "COUNT", "1"],
    ]) {
      expect((await pg.send("tenant", "/", argv)).status, JSON.stringify(argv)).toBe(403);
    }
    expect(await pg.read(3, "copy-2")).toBeNull();
  });
});
