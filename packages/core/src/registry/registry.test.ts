import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.js";
import { Registry } from "./registry.js";

describe("registry without a transport", () => {
  it("validate rejects with ConfigError naming the pool and what to pass", async () => {
    const registry = new Registry().registerRedis("localhost:6379", 0);
    await expect(registry.validate()).rejects.toThrow(ConfigError);
    await expect(registry.validate()).rejects.toThrow(
      /pool "default": no transport: pass \{ transport: tcp\(\) \}/,
    );
  });

  it("reports every problem at once", async () => {
    const registry = new Registry()
      .registerRedis("localhost:6379", 0)
      .registerRedis("localhost:6379", -1, "negative")
      .registerRedis("localhost:6379", 0, "");
    const error = (await registry.validate().catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/pool "default": no transport/);
    expect(error.message).toMatch(/pool "negative": database -1 is outside 0..15/);
    expect(error.message).toMatch(/pool "": the pool code must be a non-empty string/);
  });
});
