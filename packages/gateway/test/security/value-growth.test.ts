/**
 * Writes that grow a string to the offset they name, at once (SETRANGE, SETBIT, BITFIELD): a request of a few
 * bytes could make Redis allocate 512 MB. A token's may not grow a value past `maxValueBytes`, however the
 * offset is written. Checked by what Redis holds: no key, and no memory taken.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Playground, playground, ROUTES, sendBy } from "./fixture.js";

const MAX = 1024 * 1024;

describe("value growth", () => {
  let pg: Playground;
  beforeAll(async () => {
    pg = await playground({ maxValueBytes: MAX });
  });
  afterAll(() => pg.stop());

  it("refuses a SETRANGE, SETBIT or BITFIELD past maxValueBytes on every route, before Redis allocates anything", async () => {
    const memory = async () => Number(/used_memory:(\d+)/.exec(await pg.direct.info("memory"))![1]);
    const before = await memory();
    const attempts: (string | number)[][] = [
      ["SETRANGE", "grown", "536870911", "x"],
      ["SETRANGE", "grown", String(MAX), "x"],
      ["SETBIT", "grown", "4294967295", "1"],
      ["SETBIT", "grown", String(MAX * 8), "1"],
      ["BITFIELD", "grown", "SET", "u8", "#536870000", "1"],
      ["BITFIELD", "grown", "GET", "u8", "0", "INCRBY", "i64", String(MAX * 8), "1"],
      ["BITFIELD", "grown", "OVERFLOW", "SAT", "set", "u8", "#200000000", "1"],
      // Redis reads BITFIELD's subcommands up to a NUL byte: "SET\0" is SET.
      ["BITFIELD", "grown", "SET\0", "u8", "#536870000", "1"],
    ];
    for (const route of ROUTES) {
      for (const argv of attempts) {
        const answer = await sendBy(pg, "tenant", route, argv);
        expect(answer.status, `${route} ${JSON.stringify(argv)}`).toBe(400);
        expect(answer.error).toMatch(
          /would grow the value to \d+ bytes, over this gateway's limit of 1048576/,
        );
      }
    }
    expect(await pg.read(3, "grown")).toBeNull();
    expect(await memory()).toBeLessThan(before + 1024 * 1024);
  });

  it("lets the same commands grow a value up to maxValueBytes, and reads offsets Redis refuses as Redis does", async () => {
    expect((await pg.send("tenant", "/", ["SETRANGE", "fits", String(MAX - 1), "x"])).json).toEqual({
      result: MAX,
    });
    expect((await pg.send("tenant", "/", ["SETBIT", "bits", String(MAX * 8 - 1), "1"])).json).toEqual({
      result: 0,
    });
    expect(
      (await pg.send("tenant", "/", ["BITFIELD", "field", "GET", "u8", "#9999999", "SET", "u8", "#0", "7"]))
        .json,
    ).toEqual({ result: [0, 0] });
    // Offsets Redis itself refuses (not plain digits) reach Redis, which answers its own error; nothing grows.
    const refused = await pg.send("tenant", "/", ["SETRANGE", "odd", "1e9", "x"]);
    expect(refused.json.error).toMatch(/^ERR value is not an integer/);
    expect(await pg.read(3, "odd")).toBeNull();
  });
});
