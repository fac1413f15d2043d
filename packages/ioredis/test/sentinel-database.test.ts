/**
 * A Sentinel pool stays in its database across a failover (issue 14, point 6): the connection to the new master
 * carries commands only once SELECT succeeded on it. The new master's ACL first refuses SELECT to the pool's user
 * (ACLs are per server, not replicated): the pool refuses commands rather than writing into database 0, and
 * recovers by itself once SELECT is allowed. Checked on the new master: which database holds each key.
 */
import { Registry, TransportError, type ValidatedRegistry } from "@beeredis/core";
import { eventually, type RedisSentinel, startSentinel } from "@beeredis/testkit";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tcp } from "../src/index.js";

const USER = ["app", "pw-app"] as const;

/** The keys matching `pattern` in database `db` of `server`. */
async function keysIn(server: Redis, db: number, pattern: string): Promise<string[]> {
  const replies = (await server.multi().select(db).keys(pattern).select(0).exec()) as [null, unknown][];
  return (replies[1]![1] as string[]).sort();
}

describe("tcp transport on Sentinel: the database survives a failover", () => {
  let sentinel: RedisSentinel;
  let registry: ValidatedRegistry;
  const admins: Redis[] = [];

  /** An admin connection to the server at `host:port`. */
  function admin(address: string): Redis {
    const [host, port] = address.split(":");
    const redis = new Redis({ host, port: Number(port) });
    redis.on("error", () => undefined);
    admins.push(redis);
    return redis;
  }

  beforeAll(async () => {
    sentinel = await startSentinel();
    for (const server of sentinel.servers) {
      await admin(`${server.host}:${server.port}`).call(
        "ACL",
        "SETUSER",
        USER[0],
        "on",
        `>${USER[1]}`,
        "~*",
        "&*",
        "+@all",
      );
    }
    registry = await new Registry({ transport: tcp(), commandTimeout: 1000 })
      .registerRedisSentinel(sentinel.masterName, 3, sentinel.sentinels, "pinned", {
        username: USER[0],
        password: USER[1],
      })
      .validate({ connect: true });
  });
  afterAll(async () => {
    await registry?.close();
    for (const redis of admins) redis.disconnect();
    await sentinel?.stop();
  });

  it("refuses commands while the new master refuses SELECT 3, never writes into its database 0, and recovers", async () => {
    const pool = registry.createEngine().getRedis("pinned");
    expect(await pool.set("before", "1")).toBe("OK");
    const old = await sentinel.master();
    expect(await keysIn(admin(old), 3, "before")).toEqual(["before"]);
    const [replica] = sentinel.servers.map((s) => `${s.host}:${s.port}`).filter((address) => address !== old);
    await admin(replica!).call("ACL", "SETUSER", USER[0], "-select");

    const now = await sentinel.failover();
    expect(now).toBe(replica);
    const master = admin(now);
    // Write until the pool has reached the new master: refused there (the fix) or written there (the bug).
    let refusal: unknown;
    for (let i = 0; refusal === undefined; i++) {
      const outcome = await pool.set(`probe:${i}`, "x").catch((error: unknown) => error);
      if (outcome instanceof TransportError && /SELECT 3 failed/.test(outcome.message)) refusal = outcome;
      else if ((await master.dbsize()) > 0 || (await keysIn(master, 3, "probe:*")).length > 0) break;
      expect(i, "the pool never reached the new master").toBeLessThan(300);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await keysIn(master, 0, "*")).toEqual([]);
    expect(refusal).toBeInstanceOf(TransportError);
    expect((refusal as Error).message).toMatch(/"pinned".*sentinel\(mymaster@.*SELECT 3 failed: NOPERM/);

    await master.call("ACL", "SETUSER", USER[0], "+select");
    expect(await eventually(() => pool.set("after", "2"), 15_000)).toBe("OK");
    expect(await keysIn(master, 3, "after")).toEqual(["after"]);
    expect(await keysIn(master, 0, "*")).toEqual([]);
    expect(await pool.get("before")).toBe("1"); // replicated into database 3 before the failover
    expect(await pool.blmove("before-list", "after-list", "LEFT", "RIGHT", 0.1)).toBeNull();
    await master.multi().select(3).rpush("jobs", "job-1").select(0).exec();
    expect(await pool.blmove("jobs", "taken", "LEFT", "RIGHT", 1)).toBe("job-1"); // a dedicated connection
    expect(await keysIn(master, 3, "taken")).toEqual(["taken"]);
  }, 90_000);
});
