/** Acceptance: the real @upstash/redis 1.39 client, with its defaults, against the gateway. */
import { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Setup, setup } from "./helpers.js";

describe("@upstash/redis 1.39 with its defaults (auto-pipelining, base64, read-your-writes)", () => {
  let env: Setup;
  let redis: Redis;

  beforeAll(async () => {
    process.env.UPSTASH_DISABLE_TELEMETRY = "1";
    env = await setup({ tokens: [{ token: "rw-token" }, { token: "ro-token", readOnly: true }] });
    redis = new Redis({ url: env.gateway.url, token: "rw-token" });
  });
  afterAll(() => env.stop());

  it("sets and gets unicode text", async () => {
    const text = "héllo wörld · 日本語 · emoji 🐝🍯 · \u0000 nul";
    expect(await redis.set("unicode", text)).toBe("OK");
    expect(await redis.get("unicode")).toBe(text);
  });

  it("sets and gets JSON, deserialized by the client as it does against Upstash", async () => {
    const doc = { name: "bee", tags: ["a", "b"], nested: { n: 1.5, ok: true, none: null } };
    await redis.set("json", doc);
    expect(await redis.get("json")).toEqual(doc);
    await redis.set("json-text", JSON.stringify(doc));
    expect(await redis.get("json-text")).toEqual(doc);
  });

  it("read-your-writes: the client's sync token moves on with its writes, as against Upstash", async () => {
    await redis.get("anything");
    const before = redis.readYourWritesSyncToken;
    expect(before).toMatch(/^[0-9a-f]{12}-\d+$/);
    await redis.get("anything");
    expect(redis.readYourWritesSyncToken).toBe(before);
    await redis.set("ryw", "written");
    expect(redis.readYourWritesSyncToken).not.toBe(before);
    expect(await redis.get("ryw")).toBe("written");
  });

  it("increments", async () => {
    expect(await redis.incr("counter")).toBe(1);
    expect(await redis.incr("counter")).toBe(2);
    expect(await redis.incrby("counter", 40)).toBe(42);
  });

  it("writes and reads a hash", async () => {
    expect(await redis.hset("hash", { field: "value", count: 3, ключ: "значение" })).toBe(3);
    expect(await redis.hgetall("hash")).toEqual({ field: "value", count: 3, ключ: "значение" });
  });

  it("runs an explicit pipeline, in order, with a failing command's error kept", async () => {
    await redis.set("pipe-string", "text");
    const results = await redis
      .pipeline()
      .set("pipe-a", "1")
      .incr("pipe-a")
      .get("pipe-a")
      .lpush("pipe-list", "x", "y")
      .lrange("pipe-list", 0, -1)
      .exec();
    expect(results).toEqual(["OK", 2, 2, 2, ["y", "x"]]);
    const kept = await redis.pipeline().incr("pipe-string").get("pipe-string").exec({ keepErrors: true });
    expect(kept[0]!.error).toMatch(/not an integer/);
    expect(kept[1]!.result).toBe("text");
  });

  it("runs concurrent calls through auto-pipelining", async () => {
    const keys = Array.from({ length: 50 }, (_, i) => `auto-${i}`);
    await Promise.all(keys.map((key, i) => redis.set(key, `v${i}`)));
    const values = await Promise.all(keys.map((key) => redis.get(key)));
    expect(values).toEqual(keys.map((_, i) => `v${i}`));
  });

  it("runs a MULTI/EXEC transaction atomically", async () => {
    const results = await redis.multi().set("tx", "5").incrby("tx", 10).get("tx").exec();
    expect(results).toEqual(["OK", 15, 15]);
  });

  it("runs EVAL and EVALSHA (and the Script helper)", async () => {
    const lua = "redis.call('SET', KEYS[1], ARGV[1]); return {redis.call('GET', KEYS[1]), 42}";
    expect(await redis.eval(lua, ["script-key"], ["from-eval"])).toEqual(["from-eval", 42]);
    const sha = await redis.scriptLoad(lua);
    expect(await redis.evalsha(sha, ["script-key"], ["from-evalsha"])).toEqual(["from-evalsha", 42]);
    const script = redis.createScript<[string, number]>("return {ARGV[1], 7}");
    expect(await script.exec([], ["unicode ✓"])).toEqual(["unicode ✓", 7]);
  });

  it("rejects a bad token with 401", async () => {
    const wrong = new Redis({ url: env.gateway.url, token: "not-a-token", retry: false });
    await expect(wrong.get("unicode")).rejects.toThrow(/Unauthorized/);
  });

  it("lets a read-only token read but refuses its writes", async () => {
    const readOnly = new Redis({ url: env.gateway.url, token: "ro-token" });
    expect(await readOnly.get("counter")).toBe(42);
    await expect(readOnly.set("counter", 0)).rejects.toThrow(/NOPERM/);
    await expect(readOnly.eval("return redis.call('DEL', KEYS[1])", ["counter"], [])).rejects.toThrow(
      /NOPERM/,
    );
    expect(await redis.get("counter")).toBe(42);
  });
});
