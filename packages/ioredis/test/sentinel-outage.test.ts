/** Master and replica of a Sentinel pool down and back: the pool fails fast without sending, and recovers itself. */
import { Registry, type ValidatedRegistry } from "@beeredis/core";
import {
  eventually,
  type RedisSentinel,
  startSentinel,
  timeRefusals,
  untilRefusedUnsent,
} from "@beeredis/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tcp } from "../src/index.js";

describe("sentinel outage", () => {
  let sentinel: RedisSentinel;
  let registry: ValidatedRegistry;

  beforeAll(async () => {
    sentinel = await startSentinel();
    registry = await new Registry({ transport: tcp(), commandTimeout: 1000, connectTimeout: 1000 })
      .registerRedisSentinel(sentinel.masterName, 0, sentinel.sentinels)
      .validate({ connect: true });
  });
  afterAll(async () => {
    await registry?.close();
    await sentinel?.stop();
  });

  it("master and replica down: calls reject fast, unsent, naming the pool; back: calls flow again", async () => {
    const pool = registry.createEngine().getRedis();
    expect(await pool.set("k", "v")).toBe("OK");
    const [master, replica] = sentinel.servers;
    await Promise.all([master!.down(), replica!.down()]);
    const known = await untilRefusedUnsent(() => pool.incr("n"));
    expect(known.message).toContain('Redis pool "default" (sentinel(mymaster@');
    // Far less than one command timeout per call: none of them waited one out.
    expect(await timeRefusals(() => pool.incr("n"), 20)).toBeLessThan(4000);
    await master!.up();
    await replica!.up();
    // Nothing refused ran: the (empty) restarted master counts this INCR once.
    expect(await eventually(() => pool.incr("n"), 30_000)).toBe(1);
  });
});
