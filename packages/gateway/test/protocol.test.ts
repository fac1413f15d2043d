/** The Upstash REST protocol as raw HTTP: routes, encodings, tokens and databases. */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, type Setup, setup } from "./helpers.js";

/** A GET whose path is sent exactly as written. */
function rawGet(base: string, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(base);
    const req = request({ hostname, port, path, headers: { authorization: "Bearer rw-token" } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        text += chunk;
      });
      res.on("end", () => resolve(text));
    });
    req.on("error", reject);
    req.end();
  });
}

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

describe("protocol", () => {
  let env: Setup;

  beforeAll(async () => {
    env = await setup({
      tokens: [{ token: "rw-token" }, { token: "db3-token", db: 3 }, { token: "ro-token", readOnly: true }],
    });
  });
  afterAll(() => env.stop());

  it("POST / answers { result }", async () => {
    expect((await call(env.gateway, "/", { body: ["SET", "k", "v"] })).json).toEqual({ result: "OK" });
    const answer = await call(env.gateway, "/", { body: ["GET", "k"] });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("application/json");
    expect(answer.json).toEqual({ result: "v" });
    expect((await call(env.gateway, "/", { body: ["GET", "missing"] })).json).toEqual({ result: null });
  });

  it("accepts numbers (and booleans, as @upstash/redis sends them) as arguments", async () => {
    expect((await call(env.gateway, "/", { body: ["SET", "n", 12.5, "EX", 100] })).json).toEqual({
      result: "OK",
    });
    expect((await call(env.gateway, "/", { body: ["GET", "n"] })).json).toEqual({ result: "12.5" });
    await call(env.gateway, "/", { body: ["SET", "flag", true] });
    expect((await call(env.gateway, "/", { body: ["GET", "flag"] })).json).toEqual({ result: "true" });
  });

  it("answers a command error with 400 { error }", async () => {
    await call(env.gateway, "/", { body: ["SET", "text", "abc"] });
    const answer = await call(env.gateway, "/", { body: ["INCR", "text"] });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: "ERR value is not an integer or out of range" });
  });

  it("serves path-style GET /set/k/v and GET /get/k, URL-decoding each segment", async () => {
    expect((await call(env.gateway, "/set/path-key/hello%20w%C3%B6rld%2Fslash")).json).toEqual({
      result: "OK",
    });
    expect((await call(env.gateway, "/get/path-key")).json).toEqual({ result: "hello wörld/slash" });
    // fetch would resolve "..", so this one goes through node:http, which sends the path as written.
    expect(await rawGet(env.gateway.url, "/set/dots/..")).toBe('{"result":"OK"}');
    expect((await call(env.gateway, "/get/dots")).json).toEqual({ result: ".." });
    expect((await call(env.gateway, "/incrby/path-n/5", { method: "POST" })).json).toEqual({ result: 5 });
  });

  it("appends a path-style POST body as the last argument, byte for byte", async () => {
    const bytes = new Uint8Array([0, 1, 2, 0xff, 0xfe, 10, 13]);
    expect((await call(env.gateway, "/set/binary", { body: bytes })).json).toEqual({ result: "OK" });
    const answer = await call(env.gateway, "/get/binary", { headers: { "upstash-encoding": "base64" } });
    expect(Buffer.from(answer.json.result, "base64")).toEqual(Buffer.from(bytes));
  });

  it("takes the token from the _token query parameter", async () => {
    const answer = await call(env.gateway, "/get/k?_token=rw-token", { token: null });
    expect(answer.json).toEqual({ result: "v" });
    expect((await call(env.gateway, "/get/k?_token=nope", { token: null })).status).toBe(401);
  });

  it("Upstash-Encoding: base64 encodes every string, keeps a top-level OK, integers and null", async () => {
    const headers = { "upstash-encoding": "base64" };
    const set = await call(env.gateway, "/", { body: ["SET", "b64", "héllo\u0001"], headers });
    expect(set.text).toBe('{"result":"OK"}');
    expect((await call(env.gateway, "/", { body: ["GET", "b64"], headers })).json).toEqual({
      result: b64("héllo\u0001"),
    });
    expect((await call(env.gateway, "/", { body: ["GET", "none"], headers })).json).toEqual({ result: null });
    expect((await call(env.gateway, "/", { body: ["STRLEN", "b64"], headers })).json).toEqual({ result: 7 });
    await call(env.gateway, "/", { body: ["RPUSH", "b64-list", "OK", "x"] });
    const list = await call(env.gateway, "/", { body: ["LRANGE", "b64-list", 0, -1], headers });
    // Nested strings are always encoded, "OK" too: @upstash/redis base64-decodes array elements unconditionally.
    expect(list.json).toEqual({ result: [b64("OK"), b64("x")] });
    const nested = await call(env.gateway, "/", {
      body: ["EVAL", "return {1, {'OK', 'é'}, redis.error_reply('BAD nested')}", 0],
      headers,
    });
    expect(nested.json).toEqual({ result: [1, [b64("OK"), b64("é")], { error: "BAD nested" }] });
    const ping = await call(env.gateway, "/", { body: ["PING"], headers });
    expect(ping.json).toEqual({ result: b64("PONG") });
  });

  it("writes integers beyond 2^53 as their exact digits", async () => {
    const answer = await call(env.gateway, "/", { body: ["INCRBY", "big", "9007199254740993"] });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('{"result":9007199254740993}');
    const more = await call(env.gateway, "/pipeline", {
      body: [
        ["INCRBY", "big", "1"],
        ["DECRBY", "big", "-1"],
      ],
    });
    expect(more.text).toBe('[{"result":9007199254740994},{"result":9007199254740995}]');
  });

  it("refuses a JSON integer beyond 2^53, or a number beyond a double's range, rather than rounding it", async () => {
    const answer = await call(env.gateway, "/", { body: '["INCRBY","big2",9007199254740993]' });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatch(/beyond 2\^53.*string/);
    // Past a double's range JSON reads infinity: refused too, nothing written.
    for (const body of [
      '["SET","inf-key",1e400]',
      '["ZADD","inf-z",-1e400,"m"]',
      '[["SET","inf-key",1e999]]',
    ]) {
      const refused = await call(env.gateway, body.startsWith("[[") ? "/pipeline" : "/", { body });
      expect(refused.status, body).toBe(400);
      expect(refused.json.error ?? JSON.stringify(refused.json)).toMatch(
        /too large for JSON.*infinity.*string/,
      );
    }
    expect((await call(env.gateway, "/", { body: ["EXISTS", "inf-key", "inf-z"] })).json).toEqual({
      result: 0,
    });
  });

  it("issues an upstash-sync-token per token that moves on after each of its writes and stays while only reads run", async () => {
    const token = async (path: string, body?: unknown) =>
      (await call(env.gateway, path, body === undefined ? {} : { body })).headers.get("upstash-sync-token");
    const first = await token("/get/k");
    expect(first).toMatch(/^[0-9a-f]{12}-\d+$/);
    expect(await token("/get/k")).toBe(first);
    expect(
      await token("/pipeline", [
        ["GET", "k"],
        ["EXISTS", "k"],
      ]),
    ).toBe(first);
    const afterWrite = await token("/set/sync/1");
    expect(afterWrite).not.toBe(first);
    const afterPipeline = await token("/pipeline", [
      ["GET", "k"],
      ["INCR", "sync-n"],
    ]);
    expect(afterPipeline).not.toBe(afterWrite);
    const afterTx = await token("/multi-exec", [["INCR", "sync-n"]]);
    expect(afterTx).not.toBe(afterPipeline);
    // A client sending its last token back is served (one primary: every acknowledged write is visible).
    const answer = await call(env.gateway, "/get/sync", { headers: { "upstash-sync-token": afterTx! } });
    expect(answer.json).toEqual({ result: "1" });
    expect(answer.headers.get("upstash-sync-token")).toBe(afterTx);
    expect((await call(env.gateway, "/", { body: "nope" })).headers.get("upstash-sync-token")).toBe(afterTx);
    // Each token counts only its own writes, and an unauthenticated answer carries none: the tokens tell nobody
    // how much the gateway's other tokens write.
    const other = async () =>
      (await call(env.gateway, "/get/k", { token: "db3-token" })).headers.get("upstash-sync-token");
    const otherBefore = await other();
    expect(otherBefore).toMatch(/^[0-9a-f]{12}-\d+$/);
    await token("/set/sync/2");
    expect(await other()).toBe(otherBefore);
    expect(
      (await call(env.gateway, "/get/k", { token: "wrong" })).headers.get("upstash-sync-token"),
    ).toBeNull();
    expect((await call(env.gateway, "/get/k", { token: null })).headers.get("upstash-sync-token")).toBeNull();
  });

  it("passes a script's own error text on as written, and hides only the gateway's Redis address", async () => {
    const own = "ERR upstream 10.1.2.3:6379 refused, see 192.168.0.1";
    const answer = await call(env.gateway, "/", { body: ["EVAL", `return redis.error_reply('${own}')`, 0] });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe(own);
    const gatewayRedis = `${env.redis.host}:${env.redis.port}`;
    const leaked = await call(env.gateway, "/pipeline", {
      body: [["EVAL", `return redis.error_reply('ERR cannot reach ${gatewayRedis}')`, 0]],
    });
    expect(leaked.json).toEqual([{ error: "ERR cannot reach <redis>" }]);
  });

  it("POST /pipeline answers each command in order, errors included, with status 200", async () => {
    const answer = await call(env.gateway, "/pipeline", {
      body: [["SET", "p", "1"], ["INCR", "p"], ["INCR", "text"], ["FLUSHALL"], ["SELECT", "1"], ["GET", "p"]],
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual([
      { result: "OK" },
      { result: 2 },
      { error: "ERR value is not an integer or out of range" },
      { error: expect.stringMatching(/^NOPERM FLUSHALL is not allowed for this token: .*admin token/) },
      { error: expect.stringMatching(/^ERR SELECT is not allowed/) },
      { result: "2" },
    ]);
  });

  it("POST /multi-exec runs atomically, with a runtime error kept as its item", async () => {
    const answer = await call(env.gateway, "/multi-exec", {
      body: [
        ["SET", "m", "1"],
        ["INCR", "text"],
        ["INCRBY", "m", 9],
        ["GET", "m"],
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual([
      { result: "OK" },
      { error: "ERR value is not an integer or out of range" },
      { result: 10 },
      { result: "10" },
    ]);
  });

  it("POST /multi-exec: a transaction Redis rejects is one { error } with 400, and nothing ran", async () => {
    const aborted = await call(env.gateway, "/multi-exec", { body: [["SET", "m2", "1"], ["INCR"]] });
    expect(aborted.status).toBe(400);
    expect(aborted.json.error).toMatch(/EXECABORT|wrong number of arguments/);
    expect((await call(env.gateway, "/get/m2")).json).toEqual({ result: null });
    const denied = await call(env.gateway, "/multi-exec", { body: [["SET", "m2", "1"], ["FLUSHALL"]] });
    expect(denied.status).toBe(403);
    expect(denied.json.error).toMatch(
      /^EXECABORT .*nothing was sent: command 2 was refused: NOPERM FLUSHALL is not allowed/,
    );
    expect((await call(env.gateway, "/get/m2")).json).toEqual({ result: null });
  });

  it("maps each token to its database, isolated from the others", async () => {
    await call(env.gateway, "/set/shared-name/from-db0");
    await call(env.gateway, "/set/shared-name/from-db3", { token: "db3-token" });
    expect((await call(env.gateway, "/get/shared-name")).json).toEqual({ result: "from-db0" });
    expect((await call(env.gateway, "/get/shared-name", { token: "db3-token" })).json).toEqual({
      result: "from-db3",
    });
    await call(env.gateway, "/flushdb", { token: "db3-token" });
    expect((await call(env.gateway, "/get/shared-name", { token: "db3-token" })).json).toEqual({
      result: null,
    });
    expect((await call(env.gateway, "/get/shared-name")).json).toEqual({ result: "from-db0" });
    for (const body of [
      ["SWAPDB", "0", "3"],
      ["MOVE", "shared-name", "3"],
      ["COPY", "shared-name", "x", "DB", "3"],
    ]) {
      const answer = await call(env.gateway, "/", { body });
      expect(answer.status, body.join(" ")).toBe(403);
      expect(answer.json.error).toMatch(/^NOPERM (SWAPDB|MOVE|COPY)/);
    }
    expect((await call(env.gateway, "/", { body: ["COPY", "shared-name", "copy", "DB", "0"] })).json).toEqual(
      { result: 1 },
    );
  });

  it("lets a read-only token read, and refuses its writes with 403 before anything is sent", async () => {
    const ro = { token: "ro-token" };
    expect((await call(env.gateway, "/get/k", ro)).json).toEqual({ result: "v" });
    expect(
      (
        await call(env.gateway, "/", {
          ...ro,
          body: ["EVAL_RO", "return redis.call('GET', KEYS[1])", 1, "k"],
        })
      ).json,
    ).toEqual({ result: "v" });
    expect((await call(env.gateway, "/", { ...ro, body: ["OBJECT", "ENCODING", "k"] })).status).toBe(200);
    for (const body of [
      ["SET", "k", "changed"],
      ["DEL", "k"],
      ["FLUSHDB"],
      ["EVAL", "return redis.call('DEL', KEYS[1])", 1, "k"],
      ["PUBLISH", "channel", "message"],
      ["CONFIG", "RESETSTAT"],
      ["CLIENT", "KILL", "ID", "1"],
    ]) {
      const answer = await call(env.gateway, "/", { ...ro, body });
      expect(answer.status, body.join(" ")).toBe(403);
      expect(answer.json.error).toMatch(
        /^NOPERM .* is not allowed for this token: (this token is read-only|.*admin token)/,
      );
    }
    const pipeline = await call(env.gateway, "/pipeline", {
      ...ro,
      body: [
        ["GET", "k"],
        ["SET", "k", "x"],
      ],
    });
    expect(pipeline.status).toBe(200);
    expect(pipeline.json).toEqual([{ result: "v" }, { error: expect.stringMatching(/^NOPERM/) }]);
    const tx = await call(env.gateway, "/multi-exec", {
      ...ro,
      body: [
        ["GET", "k"],
        ["SET", "k", "x"],
      ],
    });
    expect(tx.status).toBe(403);
    expect((await call(env.gateway, "/get/k")).json).toEqual({ result: "v" });
  });
});

describe("admin tokens", () => {
  it("may MOVE, SWAPDB and COPY ... DB into other databases; SELECT stays refused", async () => {
    const env = await setup({
      tokens: [
        { token: "rw-token", role: "admin" },
        { token: "db3-token", db: 3 },
      ],
    });
    try {
      await call(env.gateway, "/set/travels/far");
      expect((await call(env.gateway, "/", { body: ["COPY", "travels", "copied", "DB", "3"] })).json).toEqual(
        { result: 1 },
      );
      expect((await call(env.gateway, "/move/travels/3")).json).toEqual({ result: 1 });
      expect((await call(env.gateway, "/get/travels", { token: "db3-token" })).json).toEqual({
        result: "far",
      });
      expect((await call(env.gateway, "/get/copied", { token: "db3-token" })).json).toEqual({
        result: "far",
      });
      expect((await call(env.gateway, "/swapdb/0/3")).json).toEqual({ result: "OK" });
      expect((await call(env.gateway, "/get/travels")).json).toEqual({ result: "far" });
      expect((await call(env.gateway, "/select/3")).status).toBe(400);
    } finally {
      await env.stop();
    }
  });
});
