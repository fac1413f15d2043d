/**
 * Scripts inside the wall: what a tenant's Lua may do is what the tenant may do, enforced by Redis itself
 * through the ACL users the gateway provisions. Checked by what Redis holds afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Playground, playground, SECRET_KEY, SECRET_VALUE } from "./fixture.js";

const lua = (body: string) => ["EVAL", body, 0];

describe("scripts inside the wall", () => {
  let pg: Playground;
  beforeAll(async () => {
    pg = await playground();
  });
  afterAll(() => pg.stop());

  it("a tenant's script cannot SELECT another database, nor read or write there", async () => {
    const escapes = [
      "redis.call('SELECT', 0) return redis.call('GET', KEYS[1] or 'other-tenant-secret')",
      "redis.call('SELECT', 0) return redis.call('SET', 'sentinel', 'owned')",
      "return redis.call('SWAPDB', 0, 3)",
      "return redis.call('MOVE', 'sentinel', 0)",
      "return redis.call('COPY', 'sentinel', 'sentinel', 'DB', 0, 'REPLACE')",
      "return redis.call('COPY', 'sentinel', 'copied')",
      "return redis.call('FLUSHALL')",
      "return redis.call('CONFIG', 'GET', 'requirepass')",
      "return redis.call('CONFIG', 'SET', 'maxmemory', '1')",
      "return redis.call('MIGRATE', '127.0.0.1', 1, 'sentinel', 0, 100)",
      "return redis.call('SLOWLOG', 'GET')",
      "return redis.call('ACL', 'SETUSER', 'intruder', 'on', '>x', '+@all')",
      "return redis.call('CLIENT', 'LIST')",
      "return redis.call('INFO')",
      "return redis.call('PUBLISH', 'channel', 'x')",
      "return redis.call('SCRIPT', 'FLUSH')",
      "return redis.call('FUNCTION', 'FLUSH')",
    ];
    for (const body of escapes) {
      // A one-command pipeline runs on a path of its own: a batch (after a PING) is attacked too.
      for (const [route, sent] of [
        ["/", lua(body)],
        ["/pipeline", [lua(body)]],
        ["/pipeline", [["PING"], lua(body)]],
        ["/multi-exec", [lua(body)]],
      ] as const) {
        const answer = await pg.send("tenant", route, sent);
        const text = answer.text;
        expect(text, `${route} ${sent.length}: ${body}`).toMatch(
          /NOPERM|no permissions|can't run this command|can't publish|not allowed/i,
        );
        expect(text).not.toContain(SECRET_VALUE);
      }
    }
    await pg.assertIntact();
    expect(await pg.read(3, "copied")).toBeNull();
    expect(await pg.direct.acl("USERS")).not.toContain("intruder");
    expect(await pg.direct.config("GET", "maxmemory")).toEqual(["maxmemory", "0"]);
  });

  it("a tenant's script runs its own database's data commands", async () => {
    const answer = await pg.send("tenant", "/", [
      "EVAL",
      "redis.call('SET', KEYS[1], ARGV[1]) return redis.call('GET', KEYS[1])",
      1,
      "from-lua",
      "mine",
    ]);
    expect(answer.json).toEqual({ result: "mine" });
    expect(await pg.read(3, "from-lua")).toBe("mine");
    expect(await pg.read(0, "from-lua")).toBeNull();
  });

  it("a read-only token's EVAL_RO cannot write, SELECT or run EVAL", async () => {
    for (const body of [
      ["EVAL_RO", "return redis.call('SET', 'sentinel', 'x')", 0],
      ["EVAL_RO", "redis.call('SELECT', 0) return redis.call('GET', 'other-tenant-secret')", 0],
      ["EVAL", "return redis.call('SET', 'sentinel', 'x')", 0],
    ]) {
      const answer = await pg.send("readOnly", "/", body);
      expect(answer.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(answer.text).not.toContain(SECRET_VALUE);
    }
    const read = await pg.send("readOnly", "/", ["EVAL_RO", "return redis.call('GET', 'sentinel')", 0]);
    expect(read.json).toEqual({ result: "planted-in-3" });
    await pg.assertIntact();
  });

  it("a function an admin loaded runs with the caller's rights: FCALL and FCALL_RO stay in the tenant's wall", async () => {
    const library = [
      "#!lua name=escape",
      "redis.register_function{function_name='peek', callback=function(keys, args) redis.call('SELECT', 0) return redis.call('GET', 'other-tenant-secret') end, flags={'no-writes'}}",
      "redis.register_function('wipe', function(keys, args) return redis.call('FLUSHALL') end)",
      "redis.register_function{function_name='own', callback=function(keys, args) return redis.call('GET', 'sentinel') end, flags={'no-writes'}}",
    ].join("\n");
    expect((await pg.send("admin", "/", ["FUNCTION", "LOAD", "REPLACE", library])).json).toEqual({
      result: "escape",
    });
    // Tenants may not load or flush functions themselves.
    expect((await pg.send("tenant", "/", ["FUNCTION", "LOAD", "REPLACE", library])).status).toBe(403);
    expect((await pg.send("tenant", "/", ["FUNCTION", "FLUSH"])).status).toBe(403);
    for (const [token, body] of [
      ["readOnly", ["FCALL_RO", "peek", 0]],
      ["tenant", ["FCALL", "peek", 0]],
      ["tenant", ["FCALL", "wipe", 0]],
    ] as const) {
      const answer = await pg.send(token, "/", body);
      expect(answer.status, `${token} ${body.join(" ")}`).toBe(400);
      expect(answer.text).not.toContain(SECRET_VALUE);
    }
    expect((await pg.send("readOnly", "/", ["FCALL_RO", "own", 0])).json).toEqual({ result: "planted-in-3" });
    await pg.assertIntact();
    expect(await pg.read(0, SECRET_KEY)).toBe(SECRET_VALUE);
  });

  it("COPY from a tenant works within its database, is refused into another, and cannot share a request with a script", async () => {
    expect((await pg.send("tenant", "/", ["COPY", "sentinel", "own-copy"])).json).toEqual({ result: 1 });
    expect(await pg.read(3, "own-copy")).toBe("planted-in-3");
    expect((await pg.send("tenant", "/", ["COPY", "sentinel", "own-copy2", "db", "3"])).json).toEqual({
      result: 1,
    });
    for (const body of [
      ["COPY", "sentinel", "x", "DB", "0"],
      ["COPY", "sentinel", "x", "DB", "3", "DB", "0"],
      ["COPY", "sentinel", "x", "REPLACE", "Db", "0"],
    ]) {
      expect((await pg.send("tenant", "/", body)).status, body.join(" ")).toBe(403);
    }
    expect(await pg.read(0, "x")).toBeNull();
    const mixed = await pg.send("tenant", "/multi-exec", [
      ["COPY", "sentinel", "y"],
      ["EVAL", "return 1", 0],
    ]);
    expect(mixed.status).toBe(400);
    expect(mixed.json.error).toMatch(/COPY cannot run in a request that also runs a script/);
    expect(await pg.read(3, "y")).toBeNull();
  });

  it("allow-oom and allow-stale need an admin token, so no tenant script writes past maxmemory", async () => {
    await pg.direct.config("SET", "maxmemory", "1");
    try {
      const writes = (flags: string) => `#!lua flags=${flags}\nreturn redis.call('SET', KEYS[1], 'oom')`;
      for (const flags of ["allow-oom", "no-writes,allow-stale", "allow-key-locking,allow-oom"]) {
        for (const [route, body] of [
          ["/", ["EVAL", writes(flags), 1, "oom-key"]],
          ["/", ["SCRIPT", "LOAD", writes(flags)]],
          ["/pipeline", [["EVAL", writes(flags), 1, "oom-key"]]],
          ["/multi-exec", [["EVAL", writes(flags), 1, "oom-key"]]],
        ] as const) {
          const answer = await pg.send("tenant", route, body);
          expect(answer.text, `${route} ${flags}`).toMatch(
            /NOPERM the script flag .* is not allowed for this token/,
          );
        }
      }
      // A flag Redis would read up to a NUL is not one the gateway knows: it is dropped, never sent.
      const dropped = await pg.send("tenant", "/", ["EVAL", writes("allow-oom\0x"), 1, "oom-key"]);
      expect(dropped.json.error).toMatch(/^OOM /);
      expect(await pg.read(3, "oom-key")).toBeNull();
      // A tenant's own flags still work, and Redis' cap holds for them: a write past maxmemory is refused.
      const capped = await pg.send("tenant", "/", ["EVAL", writes("no-cluster"), 1, "oom-key"]);
      expect(capped.json.error).toMatch(/^OOM /);
      // The admin may still lift the cap for one script.
      expect((await pg.send("admin", "/", ["EVAL", writes("allow-oom"), 1, "oom-key"])).json).toEqual({
        result: "OK",
      });
    } finally {
      await pg.direct.config("SET", "maxmemory", "0");
    }
    expect(await pg.read(3, "oom-key")).toBeNull();
    expect(await pg.read(0, "oom-key")).toBe("oom");
  });
});
