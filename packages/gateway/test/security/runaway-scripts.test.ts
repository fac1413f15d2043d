/**
 * A tenant's script that never ends: Redis serves no client of any database while it runs (BUSY). Once the
 * script's command times out, the gateway stops it (SCRIPT KILL, FUNCTION KILL over its own login), so Redis serves
 * everyone again by itself. Checked by what Redis answers a client of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Playground, playground } from "./fixture.js";

/** Resolves once Redis answers PING (it answers BUSY while a script runs), or rejects after `withinMs`. */
async function redisServes(pg: Playground, withinMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const answer = await pg.direct.ping().catch((error: Error) => error.message);
    if (answer === "PONG") return Date.now() - started;
    if (Date.now() - started > withinMs) throw new Error(`Redis still answers ${answer}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("runaway scripts", () => {
  let pg: Playground;
  beforeAll(async () => {
    // Redis answers BUSY (and accepts SCRIPT KILL) once a script has run 200 ms; commands time out after 500 ms.
    pg = await playground({ commandTimeout: 500, requestTimeout: 2000 }, ["--busy-reply-threshold", "200"]);
    await pg.direct.call(
      "FUNCTION",
      "LOAD",
      "#!lua name=spin\nredis.register_function{function_name='spin', callback=function() while true do end end, flags={'no-writes'}}",
    );
  });
  afterAll(() => pg.stop());

  it.each([
    ["a tenant's EVAL", "tenant", "/", ["EVAL", "while true do end", 0]],
    ["a read-only token's EVAL_RO", "readOnly", "/", ["EVAL_RO", "while true do end", 0]],
    ["a tenant's pipeline", "tenant", "/pipeline", [["PING"], ["EVAL", "while true do end", 0]]],
    ["a tenant's transaction", "tenant", "/multi-exec", [["EVAL", "while true do end", 0]]],
    ["a tenant's FCALL of an admin's function", "tenant", "/", ["FCALL", "spin", 0]],
  ] as const)(
    "%s that never ends is stopped after its timeout, and Redis serves every database again",
    async (_, token, route, body) => {
      const answer = await pg.send(token, route, body);
      expect([503, 504]).toContain(answer.status);
      await redisServes(pg, 3000);
      expect((await pg.send("other", "/get/sentinel")).json).toEqual({ result: "planted-in-0" });
      await pg.assertIntact();
    },
  );
});
