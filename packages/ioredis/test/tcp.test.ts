import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, Registry, ReplyError, Script, TransportError } from "@beeredis/core";
import { type RedisServer, startRedis } from "@beeredis/testkit";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tcp } from "../src/index.js";

const PASSWORD = "s3cret-pa55word";

describe("tcp transport", () => {
  let server: RedisServer;
  const socket = join(tmpdir(), `beeredis-${process.pid}.sock`);

  beforeAll(async () => {
    server = await startRedis({
      args: [
        "--unixsocket",
        socket,
        "--unixsocketperm",
        "700",
        "--user",
        "app",
        "on",
        `>${PASSWORD}`,
        "~*",
        "+@all",
        "--user",
        "default",
        "off",
      ],
    });
  });
  afterAll(() => server.stop());

  it("authenticates an ACL user from options, and the password never shows", async () => {
    const registry = await new Registry({ transport: tcp() })
      .registerRedis(`${server.host}:${server.port}`, 2, "default", { username: "app", password: PASSWORD })
      .validate({ connect: true });
    const pool = registry.createEngine().getRedis();
    expect(await pool.set("k", "v")).toBe("OK");
    expect(pool.getPoolConfig().getAddress()).toBe(`${server.host}:${server.port}`);
    await registry.close();
  });

  it("authenticates from a redis:// URL, and getAddress() drops the password", async () => {
    const registry = await new Registry({ transport: tcp() })
      .registerRedis(`redis://app:${PASSWORD}@${server.host}:${server.port}`, 1)
      .validate({ connect: true });
    const pool = registry.createEngine().getRedis();
    expect(await pool.ping()).toBe("PONG");
    expect(pool.getPoolConfig().getAddress()).toBe(`redis://app@${server.host}:${server.port}`);
    await registry.close();
  });

  it("runs commands in the order they were issued: lone calls, auto-pipelined ones and pipelines", async () => {
    for (const autoPipelining of [true, false]) {
      const registry = await new Registry({ transport: tcp({ autoPipelining }) })
        .registerRedis(`${server.host}:${server.port}`, 3, "default", { username: "app", password: PASSWORD })
        .validate({ connect: true });
      const pool = registry.createEngine().getRedis();
      await pool.del("order");
      // The first call finds the connection idle (written at once), the next ones are batched behind it, and the
      // pipeline must not overtake them.
      const pushes = [pool.rpush("order", "a"), pool.rpush("order", "b")];
      const [pushed, list, wrongType] = await pool
        .pipeline()
        .rpush("order", "c")
        .lrange("order", 0, -1)
        .incr("order")
        .exec();
      expect(await Promise.all(pushes)).toEqual([1, 2]);
      expect(pushed).toBe(3);
      expect(list).toEqual(["a", "b", "c"]);
      expect(wrongType).toBeInstanceOf(ReplyError); // an error reply is the entry, not the batch's failure
      expect(await pool.lrange("order", 0, -1)).toEqual(["a", "b", "c"]);
      await registry.close();
    }
  });

  it("auto-pipelining: callers answered in one burst send their next commands in one write", async () => {
    const registry = await new Registry({ transport: tcp() })
      .registerRedis(`${server.host}:${server.port}`, 4, "default", { username: "app", password: PASSWORD })
      .validate({ connect: true });
    const pool = registry.createEngine().getRedis();
    const admin = new Redis({ host: server.host, port: server.port, username: "app", password: PASSWORD });
    const reads = async () => Number(/total_reads_processed:(\d+)/.exec(await admin.info("stats"))?.[1]);
    await pool.ping(); // connected and idle
    const before = await reads();
    const callers = 20;
    const rounds = 10;
    // Each round's 20 commands are sent once the previous round's 20 replies settled: on a connection with no
    // reply outstanding, just answered in a burst. They must leave together, not the first one alone.
    for (let r = 0; r < rounds; r++) {
      const counts = await Promise.all(Array.from({ length: callers }, (_, c) => pool.incr(`burst:${c}`)));
      expect(counts).toEqual(Array.from({ length: callers }, () => r + 1));
    }
    // One read per round (two in the first: after a lone PING the first command goes alone), plus INFO's own.
    // Writing each round's first command alone would take two per round.
    expect((await reads()) - before).toBeLessThanOrEqual(rounds + 2);
    admin.disconnect();
    await registry.close();
  });

  it("auto-pipelining: a tick of costly commands leaves in several writes, and every reply still reaches its caller in order", async () => {
    const registry = await new Registry({ transport: tcp() })
      .registerRedis(`${server.host}:${server.port}`, 5, "default", { username: "app", password: PASSWORD })
      .validate({ connect: true });
    const pool = registry.createEngine().getRedis();
    const incr = new Script<number>("return redis.call('INCR', KEYS[1])");
    await pool.script(incr, ["split:loaded"]); // loaded, so every call below is one EVALSHA
    // The first call is written at once; the 700 behind it queue in the same tick. Their cost (100 scripts at 10,
    // 600 plain commands at 1) passes a batch's several times, so they leave in several writes before the tick ends.
    const first = pool.incr("split:first");
    const scripts = Array.from({ length: 100 }, () => pool.script(incr, ["split:script"]));
    const plain = Array.from({ length: 600 }, () => pool.incr("split:plain"));
    expect(await first).toBe(1);
    expect(await Promise.all(scripts)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(await Promise.all(plain)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    await registry.close();
  });

  it("a wrong password fails validate({ connect }) without revealing it", async () => {
    const registry = new Registry({ transport: tcp(), commandTimeout: 1000 }).registerRedis(
      `${server.host}:${server.port}`,
      0,
      "default",
      { username: "app", password: "wrong-guess-123" },
    );
    const error = (await registry.validate({ connect: true }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).not.toContain("wrong-guess-123");
    expect(String((error as Error & { cause?: unknown }).cause ?? "")).not.toContain("wrong-guess-123");
    expect(error.message).toMatch(
      /^Redis connection check failed: pool "default" \(127\.0\.0\.1:\d+\): authentication failed \(WRONGPASS .*\)\. Check the pool's username and password\.$/,
    );
  });

  it("an unreachable address fails validate({ connect }) with one line: the pools, the address, the cause, a hint", async () => {
    const registry = new Registry({ transport: tcp() })
      .registerRedis("127.0.0.1:1", 0)
      .registerRedis("127.0.0.1:1", 3, "test");
    const error = (await registry.validate({ connect: true }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(
      'Redis connection check failed: pools "default", "test" (127.0.0.1:1): connection refused. Is the server running, and is the address right?',
    );
    expect((error as Error & { cause?: unknown }).cause).toBeInstanceOf(TransportError);
  });

  it("connects through a unix socket", async () => {
    const registry = await new Registry({ transport: tcp() })
      .registerRedis(socket, 0, "default", { username: "app", password: PASSWORD })
      .validate({ connect: true });
    expect(await registry.createEngine().getRedis().echo("via socket")).toBe("via socket");
    await registry.close();
  });

  it("refuses an http:// address with ConfigError", async () => {
    const registry = new Registry({ transport: tcp() }).registerRedis(
      "https://example.upstash.io",
      0,
      "edge",
    );
    await expect(registry.validate()).rejects.toThrow(
      /pool "edge": the tcp \(@beeredis\/ioredis\) transport cannot connect to http/,
    );
  });

  it("an ACL user restricted to some keys and commands: a denied key or command is a NOPERM ReplyError", async () => {
    const restricted = await startRedis({
      args: ["--user", "reader", "on", ">pw-reader", "~allowed:*", "+get", "+set", "+ping", "+client|info"],
    });
    const registry = await new Registry({ transport: tcp() })
      .registerRedis(`${restricted.host}:${restricted.port}`, 0, "default", {
        username: "reader",
        password: "pw-reader",
      })
      .validate();
    const pool = registry.createEngine().getRedis();
    expect(await pool.set("allowed:k", "v")).toBe("OK");
    expect(await pool.get("allowed:k")).toBe("v");
    const deniedKey = await pool.get("other:k").catch((e: unknown) => e);
    const deniedCommand = await pool.del("allowed:k").catch((e: unknown) => e);
    for (const error of [deniedKey, deniedCommand]) {
      expect(error).toBeInstanceOf(ReplyError);
      expect((error as ReplyError).prefix).toBe("NOPERM");
    }
    expect(await pool.get("allowed:k")).toBe("v"); // the connection is still usable
    await registry.close();
    await restricted.stop();
  });

  it("a blocking command that outlives its timeout rejects with TransportError, and the pool recovers", async () => {
    const registry = await new Registry({ transport: tcp(), commandTimeout: 200 })
      .registerRedis(`${server.host}:${server.port}`, 0, "default", { username: "app", password: PASSWORD })
      .validate();
    const pool = registry.createEngine().getRedis();
    expect(await pool.call("BLPOP", "empty", 0.1)).toBeNull();
    const admin = await new Registry({ transport: tcp() })
      .registerRedis(`${server.host}:${server.port}`, 0, "default", { username: "app", password: PASSWORD })
      .validate();
    // A paused server answers nothing: the 100 ms block plus the 200 ms command timeout must still end the call.
    const adminPool = admin.createEngine().getRedis();
    await adminPool.call("CLIENT", "PAUSE", 1500, "ALL");
    await expect(pool.call("BLPOP", "empty", 0.1)).rejects.toBeInstanceOf(TransportError);
    await adminPool.call("CLIENT", "UNPAUSE");
    expect(await pool.ping()).toBe("PONG");
    await Promise.all([registry.close(), admin.close()]);
  });
});
