/**
 * A client's script can answer any error text, "NOAUTH ..." and "WRONGPASS ..." included. The gateway logs in to
 * Redis again only when the transport reports its own login refused (nothing sent); a forged reply is the
 * command's error like any other. Otherwise one request from any token, read-only included, would make the gateway
 * provision its ACL users again, drop every tenant's connections and streams, and run the request a second time.
 * Checked by what Redis counts: writes, connections accepted and ACL SETUSER calls.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Playground, playground } from "./fixture.js";

const stat = async (pg: Playground, section: string, pattern: RegExp) =>
  Number(pattern.exec(await pg.direct.info(section))?.[1] ?? 0);
const connectionsAccepted = (pg: Playground) => stat(pg, "stats", /total_connections_received:(\d+)/);
const aclSetuserCalls = (pg: Playground) => stat(pg, "commandstats", /cmdstat_acl\|setuser:calls=(\d+)/);

const forge = (code: string) => `return redis.error_reply('${code} forged by a script')`;

describe("forged login errors", () => {
  let pg: Playground;
  beforeAll(async () => {
    pg = await playground();
    // Every lane these requests use is connected first: a first request may open its lane's connection.
    expect((await pg.send("readOnly", "/", ["EVAL_RO", "return 1", 0])).status).toBe(200);
    expect((await pg.send("tenant", "/", ["EVAL", "return 1", 0])).status).toBe(200);
    expect((await pg.send("tenant", "/pipeline", [["PING"], ["EVAL", "return 1", 0]])).status).toBe(200);
    expect((await pg.send("tenant", "/multi-exec", [["PING"], ["EVAL", "return 1", 0]])).status).toBe(200);
    expect((await pg.send("tenant", "/", ["INCR", "warm"])).status).toBe(200);
  });
  afterAll(() => pg.stop());

  it("a script's NOAUTH or WRONGPASS is its command's error: nothing is run twice, no connection is replaced, no ACL user is set again", async () => {
    const connections = await connectionsAccepted(pg);
    const setusers = await aclSetuserCalls(pg);
    for (const code of ["NOAUTH", "WRONGPASS"]) {
      const readOnly = await pg.send("readOnly", "/", ["EVAL_RO", forge(code), 0]);
      expect(readOnly.status).toBe(400);
      expect(readOnly.json.error).toBe(`${code} forged by a script`);

      const single = await pg.send("tenant", "/", [
        "EVAL",
        `redis.call('INCR', KEYS[1]) ${forge(code)}`,
        1,
        `single:${code}`,
      ]);
      expect(single.status).toBe(400);

      const pipeline = await pg.send("tenant", "/pipeline", [
        ["INCR", `pipeline:${code}`],
        ["EVAL", forge(code), 0],
      ]);
      expect(pipeline.status).toBe(200);
      expect(pipeline.json).toEqual([{ result: 1 }, { error: `${code} forged by a script` }]);

      const transaction = await pg.send("tenant", "/multi-exec", [
        ["INCR", `multi:${code}`],
        ["EVAL", forge(code), 0],
      ]);
      expect(transaction.status).toBe(200);
      expect(transaction.json).toEqual([{ result: 1 }, { error: `${code} forged by a script` }]);

      for (const key of [`single:${code}`, `pipeline:${code}`, `multi:${code}`]) {
        expect(await pg.read(3, key), key).toBe("1");
      }
    }
    expect(await connectionsAccepted(pg)).toBe(connections);
    expect(await aclSetuserCalls(pg)).toBe(setusers);
    await pg.assertIntact();
  });
});
