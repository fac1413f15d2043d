/**
 * TLS (issue 10): a redis-server that serves TLS only, with a certificate signed by a throwaway CA. A pool reaches
 * it through a `rediss://` address and the CA passed as `options.tls.ca`, as ioredis users pass `tls: { ca }`.
 */
import { Registry, TransportError, type ValidatedRegistry } from "@beeredis/core";
import { type RedisServer, startRedis } from "@beeredis/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { tcp } from "../src/index.js";

const PASSWORD = "tls-pa55-Xq9";

describe("tls (tcp)", () => {
  let server: RedisServer;
  let ca: string;
  const registries: ValidatedRegistry[] = [];

  beforeAll(async () => {
    server = await startRedis({ tls: true, args: ["--requirepass", PASSWORD] });
    ca = server.tls!.ca;
  });
  afterEach(async () => {
    await Promise.all(registries.splice(0).map((registry) => registry.close()));
  });
  afterAll(() => server?.stop());

  async function register(address: string, tls?: Record<string, unknown>): Promise<ValidatedRegistry> {
    const registry = await new Registry({ transport: tcp(), commandTimeout: 2000, connectTimeout: 2000 })
      .registerRedis(address, 0, "secure", tls ? { tls } : {})
      .validate();
    registries.push(registry);
    return registry;
  }

  it("set and get work over rediss:// with the CA in options.tls", async () => {
    const registry = await register(`rediss://:${PASSWORD}@${server.host}:${server.port}`, { ca });
    const pool = registry.createEngine().getRedis("secure");
    expect(await pool.set("over-tls", "yes", 30)).toBe("OK");
    expect(await pool.get("over-tls")).toBe("yes");
  });

  it("a client that does not trust the CA rejects with TransportError, not a hang", async () => {
    const registry = await register(`rediss://:${PASSWORD}@${server.host}:${server.port}`);
    const started = Date.now();
    const error = await registry
      .createEngine()
      .getRedis("secure")
      .get("k")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(Date.now() - started).toBeLessThan(5000);
    // The certificate problem is named, not only "max retries".
    expect((error as Error).message).toMatch(/TLS: (self-signed|untrusted) certificate/);
    expect((error as Error).message).toMatch(/tls option/);
    expect(String(error)).not.toContain(PASSWORD);
  });

  it("a plain-text client cannot talk to the TLS port: a TransportError that says to use rediss://, with no secret", async () => {
    const registry = await register(`redis://:${PASSWORD}@${server.host}:${server.port}`);
    const error = (await registry
      .createEngine()
      .getRedis("secure")
      .get("k")
      .catch((e: unknown) => e)) as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    expect(error.message).toMatch(
      /: connection reset\. If the server wants TLS, connect with rediss:\/\/\. Nothing was sent/,
    );
    expect(error.message).not.toContain(PASSWORD);
  });

  it("getAddress() shows rediss:// without the password", async () => {
    const registry = await register(`rediss://default:${PASSWORD}@${server.host}:${server.port}`, { ca });
    const address = registry.createEngine().getRedis("secure").getPoolConfig().getAddress();
    expect(address).toBe(`rediss://default@${server.host}:${server.port}`);
    expect(address).not.toContain(PASSWORD);
  });
});
