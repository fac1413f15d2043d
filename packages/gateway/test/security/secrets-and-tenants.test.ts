/**
 * Secrets stay secret from every token, admin included, and tenants cannot reach each other's connections,
 * scripts or arguments.
 */
import { findSecrets } from "@beeredis/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Playground, playground, REDIS_PASSWORD, type TokenName } from "./fixture.js";

describe("secrets and tenants", () => {
  let pg: Playground;
  beforeAll(async () => {
    pg = await playground();
    await pg.direct.config("SET", "slowlog-log-slower-than", "0");
  });
  afterAll(() => pg.stop());

  it("no token reads the Redis password, ACL hashes or other clients' arguments", async () => {
    // Another tenant's command with an argument that must not come back to anyone.
    await pg.send("other", "/", ["SET", "private-key", "private-argument-value"]);
    const attempts: [TokenName, unknown[]][] = [];
    for (const token of ["admin", "tenant", "readOnly"] as const) {
      for (const body of [
        ["CONFIG", "GET", "requirepass"],
        ["CONFIG", "GET", "*"],
        ["CONFIG", "GET", "*pass*"],
        ["ACL", "GETUSER", "default"],
        ["ACL", "GETUSER", "beeredis-gateway-db3-tenant"],
        ["ACL", "LIST"],
        ["ACL", "LOG"],
        ["SLOWLOG", "GET", "1000"],
        ["MONITOR"],
        ["DEBUG", "OBJECT", "private-key"],
        ["EVAL", "return redis.call('SLOWLOG', 'GET', 1000)", 0],
        ["EVAL", "return redis.call('ACL', 'LIST')", 0],
        ["CLIENT", "INFO"],
      ]) {
        attempts.push([token, body]);
      }
    }
    const texts: string[] = [];
    for (const [token, body] of attempts) {
      // A one-command pipeline runs on a path of its own: a batch (after a PING) is tried too.
      for (const [route, sent] of [
        ["/", body],
        ["/pipeline", [body]],
        ["/pipeline", [["PING"], body]],
      ] as const) {
        texts.push((await pg.send(token, route, sent)).text);
      }
    }
    const hashes = (await pg.direct.acl("LIST")) as string[];
    const secrets = [
      REDIS_PASSWORD,
      "private-argument-value",
      ...hashes.flatMap((line) => line.match(/#[0-9a-f]{64}/g) ?? []),
    ];
    expect(findSecrets(texts, secrets)).toEqual([]);
    // CONFIG GET still answers an admin, without the passwords.
    const config = await pg.send("admin", "/", ["CONFIG", "GET", "*"]);
    expect(config.status).toBe(200);
    expect(config.json.result).toContain("maxmemory");
    expect(config.json.result).not.toContain("requirepass");
    expect(config.json.result).not.toContain("masterauth");
  });

  it("CLIENT INFO tells a tenant its own session (database, user), not the gateway's or Redis' addresses", async () => {
    const answer = await pg.send("tenant", "/", ["CLIENT", "INFO"]);
    expect(answer.status).toBe(200);
    expect(answer.json.result).toMatch(/^name=\S* db=3 user=beeredis-gateway-db3-tenant resp=2\n$/);
    expect(answer.json.result).not.toContain(String(pg.redis.port));
  });

  it("tenants cannot touch other clients or server-wide state", async () => {
    await pg.send("admin", "/", ["SCRIPT", "LOAD", "return 'kept'"]);
    const before = Number((await pg.direct.info("clients")).match(/connected_clients:(\d+)/)![1]);
    for (const token of ["tenant", "readOnly"] as const) {
      for (const body of [
        ["CLIENT", "KILL", "TYPE", "normal"],
        ["CLIENT", "PAUSE", "10000"],
        ["CLIENT", "LIST"],
        ["CLIENT", "SETNAME", "hijacked"],
        ["CLIENT", "NO-EVICT", "on"],
        ["SCRIPT", "FLUSH"],
        ["SCRIPT", "KILL"],
        ["FUNCTION", "FLUSH"],
        ["FUNCTION", "DELETE", "x"],
        ["FUNCTION", "KILL"],
        ["SLOWLOG", "RESET"],
        ["LATENCY", "RESET"],
        ["CONFIG", "RESETSTAT"],
        ["FLUSHALL"],
        ["SWAPDB", "0", "3"],
        ["MOVE", "sentinel", "0"],
        ["INFO"],
        ["KEYS", "*", "extra"],
        ["PUBSUB", "CHANNELS"],
        ["SHUTDOWN", "NOSAVE"],
        ["REPLICAOF", "127.0.0.1", "1"],
        ["MIGRATE", "127.0.0.1", "1", "sentinel", "0", "100"],
        ["RESTORE", "k", "0", "\u0000"],
      ]) {
        const answer = await pg.send(token, "/", body);
        expect([400, 403], `${token} ${body.join(" ")}: ${answer.text}`).toContain(answer.status);
      }
    }
    await pg.assertIntact();
    // Nobody was killed or paused, the shared connection was not renamed, the script cache was not flushed.
    const after = Number((await pg.direct.info("clients")).match(/connected_clients:(\d+)/)![1]);
    expect(after).toBeGreaterThanOrEqual(before);
    expect((await pg.send("other", "/get/sentinel")).json).toEqual({ result: "planted-in-0" });
    expect(await pg.direct.call("CLIENT", "LIST")).not.toContain("hijacked");
    const kept = (await pg.send("admin", "/", ["SCRIPT", "LOAD", "return 'kept'"])).json.result as string;
    expect(await pg.direct.script("EXISTS", kept)).toEqual([1]);
  });

  it("an admin token may run what Upstash's standard token can: FLUSHALL, SCRIPT FLUSH, FUNCTION *", async () => {
    const scratch = await playground();
    try {
      expect((await scratch.send("admin", "/", ["SCRIPT", "FLUSH"])).json).toEqual({ result: "OK" });
      expect((await scratch.send("admin", "/", ["FUNCTION", "FLUSH"])).json).toEqual({ result: "OK" });
      expect((await scratch.send("admin", "/", ["FUNCTION", "LIST"])).json).toEqual({ result: [] });
      expect((await scratch.send("admin", "/", ["FLUSHALL"])).json).toEqual({ result: "OK" });
      expect(await scratch.read(3, "sentinel")).toBeNull();
      // The deny list still narrows admins.
      expect((await scratch.send("admin", "/", ["CONFIG", "SET", "maxmemory", "1"])).status).toBe(400);
    } finally {
      await scratch.stop();
    }
  });

  it("a tenant reads its own database only: another tenant's key is not there for it", async () => {
    expect((await pg.send("tenant", "/get/other-tenant-secret")).json).toEqual({ result: null });
    expect((await pg.send("tenant", "/", ["SCAN", "0", "COUNT", "1000"])).json.result[1]).not.toContain(
      "other-tenant-secret",
    );
  });
});
