/**
 * Code written for Upstash runs unchanged on the gateway with a tenant token: @upstash/ratelimit (whose scripts
 * carry the Upstash-only shebang flag `allow-key-locking`) and @upstash/lock, judged by their own behaviour.
 */
import { Lock } from "@upstash/lock";
import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Setup, setup } from "./helpers.js";

describe("the Upstash ecosystem through the gateway", () => {
  let env: Setup;
  let redis: Redis;

  beforeAll(async () => {
    process.env.UPSTASH_DISABLE_TELEMETRY = "1";
    env = await setup({ tokens: [{ token: "tenant-token", db: 2 }] });
    redis = new Redis({ url: env.gateway.url, token: "tenant-token", enableTelemetry: false });
  });
  afterAll(() => env.stop());

  const limiters = {
    "fixed window": () => Ratelimit.fixedWindow(5, "60 s"),
    "sliding window": () => Ratelimit.slidingWindow(5, "60 s"),
    "token bucket": () => Ratelimit.tokenBucket(1, "60 s", 5),
  };

  for (const [name, limiter] of Object.entries(limiters)) {
    it(`@upstash/ratelimit ${name}: exactly 5 allowed, then denials; remaining counts; resetUsedTokens`, async () => {
      const ratelimit = new Ratelimit({ redis, limiter: limiter(), prefix: `rl-${name}`, analytics: false });
      const results = [];
      for (let i = 0; i < 7; i++) results.push(await ratelimit.limit("user-1"));
      expect(results.map((r) => r.success)).toEqual([true, true, true, true, true, false, false]);
      expect(results.map((r) => r.remaining)).toEqual([4, 3, 2, 1, 0, 0, 0]);
      expect((await ratelimit.getRemaining("user-1")).remaining).toBe(0);
      expect((await ratelimit.limit("user-2")).success).toBe(true); // another identifier has its own budget
      await ratelimit.resetUsedTokens("user-1");
      expect((await ratelimit.getRemaining("user-1")).remaining).toBe(5);
      expect((await ratelimit.limit("user-1")).success).toBe(true);
    });
  }

  it("@upstash/ratelimit allows exactly the limit under concurrency", async () => {
    const ratelimit = new Ratelimit({
      redis,
      limiter: Ratelimit.slidingWindow(10, "60 s"),
      prefix: "rl-burst",
    });
    const results = await Promise.all(Array.from({ length: 40 }, () => ratelimit.limit("burst")));
    expect(results.filter((r) => r.success)).toHaveLength(10);
  });

  it("@upstash/lock excludes a second holder, extends, and releases", async () => {
    const first = new Lock({ id: "job", redis, lease: 5000, retry: { attempts: 1, delay: 10 } });
    const second = new Lock({ id: "job", redis, lease: 5000, retry: { attempts: 1, delay: 10 } });
    expect(await first.acquire()).toBe(true);
    expect(await second.acquire()).toBe(false);
    expect(await first.getStatus()).toBe("ACQUIRED");
    expect(await first.extend(5000)).toBe(true);
    expect(await second.release()).toBe(false); // not its lock
    expect(await first.release()).toBe(true);
    expect(await second.acquire()).toBe(true);
    expect(await second.release()).toBe(true);
  });

  it("EVALSHA with the client's own SHA works right after SCRIPT LOAD of a flagged script; SCRIPT EXISTS knows it", async () => {
    const script = "#!lua flags=allow-key-locking,no-writes\nreturn redis.call('GET', KEYS[1])";
    const sha = await redis.scriptLoad(script);
    const { createHash } = await import("node:crypto");
    expect(sha).toBe(createHash("sha1").update(script).digest("hex"));
    await redis.set("flagged", "value");
    expect(await redis.evalsha(sha, ["flagged"], [])).toBe("value");
    expect(await redis.scriptExists(sha)).toEqual([1]);
    // The flags Redis knows are kept: no-writes still refuses a write.
    const writer = "#!lua flags=allow-key-locking,no-writes\nreturn redis.call('SET', KEYS[1], 'x')";
    await expect(redis.eval(writer, ["flagged"], [])).rejects.toThrow(/Write commands are not allowed/);
    expect(await redis.get("flagged")).toBe("value");
  });
});
