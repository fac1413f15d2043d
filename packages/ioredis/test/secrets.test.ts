/**
 * Secrets never leak (issue 10): a redis-server with `requirepass` and an ACL user, pools registered with passwords
 * in their URLs and options, and every text a failure can show (message, String(), stack, JSON, util.inspect with
 * the cause chain) plus everything printed while the tests ran, searched for each password as is, URL-encoded and
 * in base64. The passwords hold `@ / : %` so their URL-encoded forms differ from the raw ones.
 */
import { inspect } from "node:util";
import {
  ConfigError,
  ForbiddenCommandError,
  type PoolOptions,
  Registry,
  ReplyError,
  TransportError,
  UnknownPoolError,
  type ValidatedRegistry,
} from "@beeredis/core";
import {
  type CapturedOutput,
  captureOutput,
  errorTexts,
  findSecrets,
  freePort,
  type RedisServer,
  startRedis,
} from "@beeredis/testkit";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { tcp } from "../src/index.js";

const DEFAULT_PASSWORD = "Rq7-def@ult/pw:1%";
const APP_PASSWORD = "Ac1-app/p@ss:2%";
const WRONG_PASSWORD = "Wr0ng-gu3ss/@:3%";
const SENTINEL_PASSWORD = "Sn4-sent/@:4%";
const SECRETS = [DEFAULT_PASSWORD, APP_PASSWORD, WRONG_PASSWORD, SENTINEL_PASSWORD];
const enc = encodeURIComponent;

/** Fails with every place a secret shows in what `error` (and its causes) print. */
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

describe("secrets (tcp)", () => {
  let server: RedisServer;
  let output: CapturedOutput;
  const registries: ValidatedRegistry[] = [];
  let hostPort: string;

  async function register(address: string, options: PoolOptions = {}): Promise<ValidatedRegistry> {
    const registry = await new Registry({ transport: tcp(), commandTimeout: 1000, connectTimeout: 1000 })
      .registerRedis(address, 0, "default", options)
      .validate();
    registries.push(registry);
    return registry;
  }

  beforeAll(async () => {
    output = captureOutput();
    server = await startRedis({
      args: ["--requirepass", DEFAULT_PASSWORD, "--user", "app", "on", `>${APP_PASSWORD}`, "~*", "+@all"],
    });
    hostPort = `${server.host}:${server.port}`;
  });
  afterEach(async () => {
    await Promise.all(registries.splice(0).map((registry) => registry.close()));
  });
  afterAll(async () => {
    output?.stop();
    await server?.stop();
  });

  it("the right passwords work, from the URL and from options", async () => {
    for (const [address, options] of [
      [`redis://:${enc(DEFAULT_PASSWORD)}@${hostPort}`, {}],
      [`redis://app:${enc(APP_PASSWORD)}@${hostPort}`, {}],
      [hostPort, { username: "app", password: APP_PASSWORD }],
    ] as const) {
      const registry = await register(address, options);
      expect(await registry.createEngine().getRedis().ping()).toBe("PONG");
    }
  });

  it.each([
    ["the URL (default user)", `redis://:${enc(WRONG_PASSWORD)}@HOST`, {}],
    ["the URL (ACL user)", `redis://app:${enc(WRONG_PASSWORD)}@HOST`, {}],
    ["options", "HOST", { username: "app", password: WRONG_PASSWORD }],
  ])(
    "a wrong password in %s: TransportErrors caused by WRONGPASS that show no password, on every connection kind",
    async (_, address, options) => {
      const registry = await register(address.replace("HOST", hostPort), options);
      const pool = registry.createEngine().getRedis();
      const errors = [
        await rejection(pool.get("k")), // the shared connection
        await rejection(pool.blpop("k", 0.1)), // a dedicated one
        await rejection(pool.pipeline().get("k").exec()), // nothing of a pipeline is sent
        await rejection(pool.subscribe("channel").ready), // a subscriber
      ];
      for (const error of errors) {
        // Not logged in, the connection carries no command: the pool refuses them all until AUTH succeeds.
        expect(error).toBeInstanceOf(TransportError);
        const cause = (error as TransportError).cause;
        expect(cause).toBeInstanceOf(ReplyError);
        expect((cause as ReplyError).prefix).toBe("WRONGPASS");
        expectNoSecretsIn(error);
      }
    },
  );

  it("validate({ connect: true }) with a wrong password: ConfigError without it", async () => {
    const error = await rejection(
      new Registry({ transport: tcp() })
        .registerRedis(`redis://app:${enc(WRONG_PASSWORD)}@${hostPort}`, 0)
        .validate({ connect: true }),
    );
    expect(error).toBeInstanceOf(ConfigError);
    expectNoSecretsIn(error);
  });

  it("connection refused: TransportError without the password", async () => {
    const registry = await register(`redis://app:${enc(APP_PASSWORD)}@127.0.0.1:${await freePort()}`);
    const error = await rejection(registry.createEngine().getRedis().get("k"));
    expect(error).toBeInstanceOf(TransportError);
    expectNoSecretsIn(error);
  });

  it("a command timeout: TransportError without the password", async () => {
    const registry = await register(hostPort, {
      username: "app",
      password: APP_PASSWORD,
      commandTimeout: 200,
    });
    const pool = registry.createEngine().getRedis();
    expect(await pool.ping()).toBe("PONG");
    const admin = new Redis({ host: server.host, port: server.port, password: DEFAULT_PASSWORD });
    const sleeping = admin.call("DEBUG", "SLEEP", "0.6");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const error = await rejection(pool.get("k"));
    await sleeping;
    admin.disconnect();
    expect(error).toBeInstanceOf(TransportError);
    expectNoSecretsIn(error);
  });

  it("ReplyErrors and a refused AUTH through call() show no password", async () => {
    const registry = await register(`redis://app:${enc(APP_PASSWORD)}@${hostPort}`);
    const pool = registry.createEngine().getRedis();
    await pool.set("text", "not a number");
    const wrongType = await rejection(pool.incr("text"));
    expect(wrongType).toBeInstanceOf(ReplyError);
    expectNoSecretsIn(wrongType);
    const auth = await rejection(pool.call("AUTH", "app", APP_PASSWORD));
    expect(auth).toBeInstanceOf(ForbiddenCommandError);
    expectNoSecretsIn(auth);
  });

  it("UnknownPoolError names the registered pools, not their passwords", async () => {
    const registry = await register(`redis://app:${enc(APP_PASSWORD)}@${hostPort}`);
    let error: unknown;
    try {
      registry.createEngine().getRedis("nope");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnknownPoolError);
    expectNoSecretsIn(error);
  });

  it.each([
    ["a bad database path", `redis://app:${enc(APP_PASSWORD)}@127.0.0.1:6379/abc`, 0],
    ["a database that differs from the URL's", `redis://:${enc(APP_PASSWORD)}@127.0.0.1:6379/3`, 0],
    ["a database out of range", `redis://:${enc(APP_PASSWORD)}@127.0.0.1:6379`, 16],
    ["an unsupported scheme", `ftp://app:${enc(APP_PASSWORD)}@127.0.0.1:6379`, 0],
    ["an http:// URL with credentials", `https://app:${enc(APP_PASSWORD)}@example.com`, 0],
    ["host:port with credentials and no scheme", `app:${enc(APP_PASSWORD)}@127.0.0.1:6379`, 0],
    ["a URL that does not parse", `redis://app:${enc(APP_PASSWORD)}@bad host:6379`, 0],
    ["a port out of range (the URL does not parse)", `redis://app:${enc(APP_PASSWORD)}@127.0.0.1:99999`, 0],
  ])("ConfigError for %s shows no password", async (_, address, db) => {
    const error = await rejection(new Registry({ transport: tcp() }).registerRedis(address, db).validate());
    expect(error).toBeInstanceOf(ConfigError);
    expectNoSecretsIn(error);
  });

  it("ConfigError for a duplicate pool and a bad timeout, with passwords in options, shows none", async () => {
    const error = await rejection(
      new Registry({ transport: tcp() })
        .registerRedis(hostPort, 0, "twice", { password: APP_PASSWORD })
        .registerRedis(hostPort, 1, "twice", { password: DEFAULT_PASSWORD })
        .registerRedis(hostPort, 2, "slow", { password: APP_PASSWORD, commandTimeout: -1 })
        .validate(),
    );
    expect(error).toBeInstanceOf(ConfigError);
    expectNoSecretsIn(error);
  });

  it("ConfigError for a bad cluster node shows no password", async () => {
    const error = await rejection(
      new Registry({ transport: tcp() })
        .registerRedisCluster([`redis://:${enc(APP_PASSWORD)}@127.0.0.1:notaport`])
        .validate(),
    );
    expect(error).toBeInstanceOf(ConfigError);
    expectNoSecretsIn(error);
  });

  it("getAddress() of standalone, TLS, cluster and Sentinel pools shows no password", async () => {
    const registry = await new Registry({ transport: tcp() })
      .registerRedis(`redis://app:${enc(APP_PASSWORD)}@${hostPort}`, 0, "url")
      .registerRedis(`rediss://:${enc(DEFAULT_PASSWORD)}@${hostPort}/2`, 2, "tls")
      .registerRedis(hostPort, 0, "options", { username: "app", password: APP_PASSWORD })
      .registerRedisCluster(
        [`redis://app:${enc(APP_PASSWORD)}@127.0.0.1:7000`, `redis://127.0.0.1:7001`],
        "cluster",
      )
      .registerRedisSentinel(
        "mymaster",
        1,
        [`redis://:${enc(SENTINEL_PASSWORD)}@127.0.0.1:26379`],
        "sentinel",
        {
          password: APP_PASSWORD,
          sentinelPassword: SENTINEL_PASSWORD,
        },
      )
      .validate();
    const addresses = registry.getPoolConfigs().map((config) => config.getAddress());
    expect(addresses).toEqual([
      `redis://app@${hostPort}`,
      `rediss://${hostPort}/2`,
      hostPort,
      "cluster(127.0.0.1:7000,127.0.0.1:7001)",
      "sentinel(mymaster@127.0.0.1:26379)",
    ]);
    expect(findSecrets(addresses, SECRETS)).toEqual([]);
    await registry.close();
  });

  // The endpoint (password, token) lives in `#` private fields of PoolRuntime and the HTTP requester.
  it("console.log(pool) and JSON.stringify(pool) show no password", async () => {
    const registry = await register(`redis://app:${enc(APP_PASSWORD)}@${hostPort}`);
    const pool = registry.createEngine().getRedis();
    expect(findSecrets([inspect(pool, { depth: 4 }), JSON.stringify(pool)], SECRETS)).toEqual([]);
  });

  it("nothing printed during these tests (console, stdout, stderr, warnings) shows a password", () => {
    expect(findSecrets(output.texts(), SECRETS)).toEqual([]);
  });
});
