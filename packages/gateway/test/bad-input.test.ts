/** Bad input gets the right status and a safe JSON error, and the gateway keeps serving. */
import { connect } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Answer, assertSafeError, call, type Setup, setup } from "./helpers.js";

describe("bad input", () => {
  let env: Setup;

  beforeAll(async () => {
    env = await setup();
  });
  afterAll(() => env.stop());

  /** After every case the gateway must still answer a normal command. */
  afterEach(async () => {
    expect((await call(env.gateway, "/", { body: ["PING"] })).json).toEqual({ result: "PONG" });
  });

  const expectError = (answer: Answer, status: number, pattern?: RegExp) => {
    expect(answer.status, answer.text).toBe(status);
    assertSafeError(answer, env.redis);
    if (pattern) expect(answer.json.error).toMatch(pattern);
  };

  it("malformed JSON → 400", async () => {
    expectError(await call(env.gateway, "/", { body: '["SET", "k", ' }), 400, /not valid JSON/);
    expectError(await call(env.gateway, "/pipeline", { body: "{{{" }), 400, /not valid JSON/);
    expectError(await call(env.gateway, "/", { body: "", method: "POST" }), 400, /empty/);
  });

  it("a body that is not an array → 400", async () => {
    for (const body of [{ command: "GET" }, "GET k", 42, null, true]) {
      expectError(await call(env.gateway, "/", { body: JSON.stringify(body) }), 400, /must be a JSON array/);
    }
    expectError(await call(env.gateway, "/", { body: [] }), 400, /must be a JSON array/);
    expectError(await call(env.gateway, "/pipeline", { body: [] }), 400, /non-empty JSON array of commands/);
    expectError(await call(env.gateway, "/pipeline", { body: ["GET", "k"] }), 400, /Command 1 must be/);
    expectError(await call(env.gateway, "/multi-exec", { body: { a: 1 } }), 400);
  });

  it('nested objects and arrays as arguments → 400; null is the text "null"', async () => {
    expectError(
      await call(env.gateway, "/", { body: ["SET", "k", { nested: { deep: 1 } }] }),
      400,
      /argument 2 is object/,
    );
    expectError(await call(env.gateway, "/", { body: ["SET", "k", ["a"]] }), 400, /argument 2 is an array/);
    expect((await call(env.gateway, "/", { body: ["SET", "nul", null] })).json).toEqual({ result: "OK" });
    expect((await call(env.gateway, "/get/nul")).json).toEqual({ result: "null" });
    expectError(await call(env.gateway, "/", { body: [{ cmd: "GET" }, "k"] }), 400, /command name/);
    expectError(await call(env.gateway, "/", { body: ["GET KEY"] }), 400, /command name/);
    expectError(
      await call(env.gateway, "/pipeline", {
        body: [
          ["GET", "k"],
          ["SET", "k", { x: 1 }],
        ],
      }),
      400,
      /Command 2/,
    );
  });

  it("a 2 MiB body → 413", async () => {
    const big = JSON.stringify(["SET", "big", "x".repeat(2 * 1024 * 1024)]);
    expectError(await call(env.gateway, "/", { body: big }), 413, /over the limit of 1048576 bytes/);
    expectError(await call(env.gateway, "/pipeline", { body: big }), 413);
    expect((await call(env.gateway, "/get/big")).json).toEqual({ result: null });
    // A body just under the limit is fine.
    const fits = JSON.stringify(["SET", "fits", "y".repeat(1024 * 1024 - 100)]);
    expect((await call(env.gateway, "/", { body: fits })).json).toEqual({ result: "OK" });
  });

  it("a 2 MiB body sent chunked (no Content-Length) → 413", async () => {
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('["SET","chunked","'));
        if (sent >= 2 * 1024 * 1024) {
          controller.enqueue(new TextEncoder().encode('"]'));
          controller.close();
          return;
        }
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${env.gateway.url}/`, {
      method: "POST",
      headers: { authorization: "Bearer rw-token" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: "The request body is over the limit of 1048576 bytes." });
  });

  it("a body far over the limit is answered 413 without being read, and the connection is closed", async () => {
    const answer = await call(env.gateway, "/", { body: "x".repeat(9 * 1024 * 1024) }).catch(
      (error: Error) => error,
    );
    // The client may still be writing when the answer closes the connection; then fetch fails instead.
    if (!(answer instanceof Error)) {
      expect(answer.status).toBe(413);
      expect(answer.headers.get("connection")).toBe("close");
    }
  });

  it("a missing or wrong token → 401", async () => {
    expectError(await call(env.gateway, "/", { body: ["GET", "k"], token: null }), 401, /Unauthorized/);
    expectError(await call(env.gateway, "/", { body: ["GET", "k"], token: "rw-tokeN" }), 401, /Unauthorized/);
    expectError(await call(env.gateway, "/", { body: ["GET", "k"], token: "rw-token-longer" }), 401);
    expectError(await call(env.gateway, "/", { body: ["GET", "k"], token: "" }), 401);
    const basic = await call(env.gateway, "/get/k", {
      token: null,
      headers: { authorization: "Basic cnctdG9rZW4=" },
    });
    expectError(basic, 401);
    expect(basic.headers.get("www-authenticate")).toBe("Bearer");
    // Unauthenticated requests are refused whatever they carry, before the body is looked at.
    expectError(await call(env.gateway, "/", { body: "not json", token: null }), 401);
  });

  it("SELECT → 400, FLUSHALL → 403 for a tenant, the deny list → 400, and nothing is flushed", async () => {
    await call(env.gateway, "/set/survivor/yes");
    expectError(await call(env.gateway, "/", { body: ["SELECT", "1"] }), 400, /SELECT is not allowed/);
    expectError(await call(env.gateway, "/select/1"), 400, /SELECT is not allowed/);
    expectError(await call(env.gateway, "/", { body: ["flushall"] }), 403, /FLUSHALL is not allowed/);
    expectError(
      await call(env.gateway, "/", { body: ["CONFIG", "SET", "maxmemory", "1"] }),
      400,
      /CONFIG SET is not allowed/,
    );
    expectError(
      await call(env.gateway, "/", { body: ["SHUTDOWN", "NOSAVE"] }),
      400,
      /SHUTDOWN is not allowed/,
    );
    expectError(await call(env.gateway, "/", { body: ["DEBUG", "SLEEP", "0"] }), 400, /DEBUG is not allowed/);
    expectError(
      await call(env.gateway, "/", { body: ["MULTI"] }),
      400,
      /^ERR MULTI is not allowed.*POST \/multi-exec/,
    );
    expectError(await call(env.gateway, "/", { body: ["SUBSCRIBE", "ch"] }), 400, /SUBSCRIBE is not allowed/);
    expect((await call(env.gateway, "/get/survivor")).json).toEqual({ result: "yes" });
    const admin = { token: "admin-token" };
    expect((await call(env.gateway, "/", { ...admin, body: ["CONFIG", "GET", "maxmemory"] })).status).toBe(
      200,
    );
  });

  it("a wrong number of arguments → 400", async () => {
    expectError(await call(env.gateway, "/", { body: ["GET"] }), 400, /^ERR .*argument/i);
    expectError(await call(env.gateway, "/", { body: ["SET", "k"] }), 400, /^ERR .*argument/i);
  });

  it("an unknown command → 403 for a tenant (fail closed), Redis' own 400 for an admin", async () => {
    expectError(await call(env.gateway, "/", { body: ["NOSUCHCOMMAND", "x"] }), 403, /^NOPERM NOSUCHCOMMAND/);
    const admin = { token: "admin-token" };
    expectError(
      await call(env.gateway, "/", { ...admin, body: ["NOSUCHCOMMAND", "x"] }),
      400,
      /unknown command/i,
    );
    expectError(await call(env.gateway, "/nosuchcommand", admin), 400, /unknown command/i);
  });

  it("a wrong method → 405; GET on body routes → 405", async () => {
    for (const method of ["DELETE", "PATCH", "OPTIONS", "HEAD"]) {
      const answer = await call(env.gateway, "/get/k", { method });
      expect(answer.status, method).toBe(405);
      expect(answer.headers.get("allow")).toBe("GET, POST, PUT");
    }
    expectError(await call(env.gateway, "/pipeline"), 405, /use POST/);
    expectError(await call(env.gateway, "/"), 405, /use POST/);
  });

  it("a blocking command that could outlive the request → 400, before anything is sent", async () => {
    expectError(
      await call(env.gateway, "/", { body: ["BLPOP", "queue", 0] }),
      400,
      /^ERR BLPOP may block for ever/,
    );
    expectError(await call(env.gateway, "/", { body: ["BLPOP", "queue", 60] }), 400, /may block/);
    expect((await call(env.gateway, "/", { body: ["BLPOP", "queue", "0.05"] })).json).toEqual({
      result: null,
    });
  });

  it("garbage on the socket gets a 400 and the connection is closed", async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const { hostname, port } = new URL(env.gateway.url);
      const socket = connect(Number(port), hostname, () => socket.write("NOT HTTP AT ALL\r\n\r\n"));
      let text = "";
      socket.on("data", (chunk) => {
        text += chunk.toString();
      });
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    expect(reply).toContain('{"error":"Malformed HTTP request."}');
  });

  it("answers 1,000 concurrent requests, each correctly", async () => {
    const answers = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        i % 2 === 0
          ? call(env.gateway, "/", { body: ["SET", `c-${i}`, `value-${i}`] })
          : call(env.gateway, "/pipeline", {
              body: [
                ["INCR", "c-counter"],
                ["ECHO", `echo-${i}`],
              ],
            }),
      ),
    );
    answers.forEach((answer, i) => {
      expect(answer.status).toBe(200);
      if (i % 2 === 0) expect(answer.json).toEqual({ result: "OK" });
      else expect(answer.json[1]).toEqual({ result: `echo-${i}` });
    });
    expect((await call(env.gateway, "/get/c-counter")).json).toEqual({ result: "500" });
    const values = await Promise.all(
      Array.from({ length: 500 }, (_, j) => call(env.gateway, `/get/c-${j * 2}`)),
    );
    for (const [j, answer] of values.entries()) expect(answer.json).toEqual({ result: `value-${j * 2}` });
  });
});
