/**
 * The HTTP token never leaks (issue 10): http() against the gateway with right and wrong tokens, an endpoint that
 * refuses or never answers, error replies, bad configuration and getAddress(). Every text a failure shows
 * (message, String(), stack, JSON, util.inspect with the cause chain) and everything printed is searched for each
 * token as is, URL-encoded and in base64.
 */
import { createServer, type Server, type Socket } from "node:net";
import { inspect } from "node:util";
import {
  ConfigError,
  type PoolOptions,
  Registry,
  ReplyError,
  TransportError,
  type ValidatedRegistry,
} from "@beeredis/core";
import { createGateway, type Gateway } from "@beeredis/gateway";
import {
  type CapturedOutput,
  captureOutput,
  errorTexts,
  findSecrets,
  freePort,
  type RedisServer,
  startRedis,
} from "@beeredis/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { http } from "../src/index.js";

const TOKEN = "htok-Ab1+/=@:%";
const OTHER_TOKEN = "htok-Cd2+/=@:%";
const WRONG_TOKEN = "htok-Wr3+/=@:%";
const SECRETS = [TOKEN, OTHER_TOKEN, WRONG_TOKEN];

function expectNoSecretsIn(error: unknown): void {
  expect(findSecrets(errorTexts(error), SECRETS)).toEqual([]);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${inspect(value)}`);
    },
    (error: unknown) => error,
  );
}

describe("secrets (http)", () => {
  let server: RedisServer;
  let gateway: Gateway;
  let silent: Server;
  const silentSockets = new Set<Socket>();
  let output: CapturedOutput;
  const registries: ValidatedRegistry[] = [];

  async function register(url: string, options: PoolOptions = {}): Promise<ValidatedRegistry> {
    const registry = await new Registry({
      transport: http({ token: TOKEN, retries: 1 }),
      commandTimeout: 3000,
    })
      .registerRedis(url, 0, "default", options)
      .validate();
    registries.push(registry);
    return registry;
  }

  beforeAll(async () => {
    output = captureOutput();
    server = await startRedis();
    gateway = await createGateway({
      redis: server.url,
      tokens: [{ token: TOKEN }, { token: OTHER_TOKEN, readOnly: true }],
      port: 0,
    });
    // Accepts connections and never answers: every request times out.
    silent = createServer((socket) => silentSockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  });
  afterEach(async () => {
    await Promise.all(registries.splice(0).map((registry) => registry.close()));
  });
  afterAll(async () => {
    output?.stop();
    for (const socket of silentSockets) socket.destroy();
    await new Promise((resolve) => silent?.close(resolve));
    await gateway?.close();
    await server?.stop();
  });

  it("a wrong token (default or per pool): TransportError without any token", async () => {
    for (const options of [{ token: WRONG_TOKEN }, { token: `${TOKEN}x` }]) {
      const registry = await register(gateway.url, options);
      const error = await rejection(registry.createEngine().getRedis().get("k"));
      expect(error).toBeInstanceOf(TransportError);
      expect((error as Error).message).toMatch(/401/);
      expectNoSecretsIn(error);
    }
  });

  it("a read-only token writing, and an error reply: typed errors without any token", async () => {
    const readOnly = (await register(gateway.url, { token: OTHER_TOKEN })).createEngine().getRedis();
    const refused = await rejection(readOnly.set("k", TOKEN));
    expect(refused).toBeInstanceOf(ReplyError);
    expectNoSecretsIn(refused);
    const pool = (await register(gateway.url)).createEngine().getRedis();
    await pool.set("text", "x");
    const wrongType = await rejection(pool.incr("text"));
    expect(wrongType).toBeInstanceOf(ReplyError);
    expectNoSecretsIn(wrongType);
  });

  it("connection refused and a request timeout: TransportError without the token", async () => {
    const refused = (await register(`http://127.0.0.1:${await freePort()}`)).createEngine().getRedis();
    const silentUrl = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    const hanging = (await register(silentUrl, { commandTimeout: 300 })).createEngine().getRedis();
    for (const error of [await rejection(refused.get("k")), await rejection(hanging.get("k"))]) {
      expect(error).toBeInstanceOf(TransportError);
      expectNoSecretsIn(error);
    }
  });

  it("subscriptions: a wrong token, a refused or silent endpoint, a stream refused when it comes back: no token", async () => {
    const silentUrl = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    const pools = [
      (await register(gateway.url, { token: WRONG_TOKEN })).createEngine().getRedis(),
      (await register(`http://127.0.0.1:${await freePort()}`)).createEngine().getRedis(),
      (await register(silentUrl, { commandTimeout: 300 })).createEngine().getRedis(),
    ];
    const errors: unknown[] = [];
    for (const pool of pools) errors.push(await rejection(pool.subscribe("news").ready));
    // A live subscription, then its gateway comes back knowing other tokens: subscribing again gets 401.
    const port = await freePort();
    let restarted = await createGateway({ redis: server.url, tokens: [{ token: TOKEN }], port });
    try {
      const sub = (await register(restarted.url)).createEngine().getRedis().subscribe("news");
      await sub.ready;
      expect(findSecrets([inspect(sub, { depth: 12, showHidden: true })], SECRETS)).toEqual([]);
      await restarted.close();
      restarted = await createGateway({ redis: server.url, tokens: [{ token: OTHER_TOKEN }], port });
      errors.push(await rejection(sub.next()));
    } finally {
      await restarted.close();
    }
    for (const error of errors) {
      expect(error).toBeInstanceOf(TransportError);
      expectNoSecretsIn(error);
    }
  });

  it("a token in the URL is refused with a ConfigError that does not repeat it", async () => {
    const error = await rejection(
      new Registry({ transport: http() })
        .registerRedis(`http://user:${encodeURIComponent(TOKEN)}@127.0.0.1:1`, 0)
        .validate(),
    );
    expect(error).toBeInstanceOf(ConfigError);
    expectNoSecretsIn(error);
  });

  it("getAddress() is the URL's origin, without the token", async () => {
    const registry = await register(`${gateway.url}/`);
    const address = registry.createEngine().getRedis().getPoolConfig().getAddress();
    expect(address).toBe(gateway.url);
  });

  // The endpoint (password, token) lives in `#` private fields of PoolRuntime and the HTTP requester.
  it("console.log(pool) and JSON.stringify(pool) show no token", async () => {
    const pool = (await register(gateway.url)).createEngine().getRedis();
    expect(await pool.ping()).toBe("PONG");
    expect(findSecrets([inspect(pool, { depth: 6 }), JSON.stringify(pool)], SECRETS)).toEqual([]);
  });

  it("nothing printed during these tests (console, stdout, stderr, warnings) shows a token", () => {
    expect(findSecrets(output.texts(), SECRETS)).toEqual([]);
  });
});
