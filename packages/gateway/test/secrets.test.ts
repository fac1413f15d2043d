/**
 * Secrets never leak through the gateway (issue 10): its tokens and the Redis password in its Redis URL must not
 * show in any response (body or header), in its `log` entries, in startup errors, or in what the CLI prints. Each
 * secret is searched as is, URL-encoded and in base64; they hold `@ / : %` so those forms differ.
 */
import { fileURLToPath } from "node:url";
import {
  type CapturedOutput,
  captureOutput,
  errorTexts,
  findSecrets,
  freePort,
  type RedisServer,
  startRedis,
} from "@beeredis/testkit";
import { Redis as UpstashRedis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type Gateway, type GatewayLogEntry } from "../src/index.js";
import { buildCli, runCli } from "./cli-process.js";
import { type Answer, call } from "./helpers.js";

const REDIS_PASSWORD = "Gp5-redis/@:pw%";
const WRONG_PASSWORD = "Gw6-wrong/@:pw%";
const RW_TOKEN = "tok-Rw7+/=abc";
const RO_TOKEN = "tok-Ro8+/=def";
const SECRETS = [REDIS_PASSWORD, WRONG_PASSWORD, RW_TOKEN, RO_TOKEN];
const enc = encodeURIComponent;

/** Every text of an answer a client (or a proxy's log) sees: status line, headers and body. */
function answerTexts(answer: Answer): string[] {
  const headers: string[] = [];
  answer.headers.forEach((value, name) => {
    headers.push(`${name}: ${value}`);
  });
  return [String(answer.status), answer.text, ...headers];
}

function expectNoSecrets(texts: readonly string[]): void {
  expect(findSecrets(texts, SECRETS)).toEqual([]);
}

describe("secrets (gateway)", () => {
  let redis: RedisServer;
  let output: CapturedOutput;
  const logged: GatewayLogEntry[] = [];
  const gateways: Gateway[] = [];
  let gateway: Gateway;

  /** A gateway with both tokens, logging into `logged`, in front of `redisUrl`. */
  async function startGateway(redisUrl: string): Promise<Gateway> {
    const started = await createGateway({
      redis: redisUrl,
      tokens: [{ token: RW_TOKEN }, { token: RO_TOKEN, db: 1, readOnly: true }],
      port: 0,
      commandTimeout: 2000,
      requestTimeout: 4000,
      log: (entry) => logged.push(entry),
    });
    gateways.push(started);
    return started;
  }

  beforeAll(async () => {
    output = captureOutput();
    redis = await startRedis({
      args: ["--requirepass", REDIS_PASSWORD, "--user", "gw", "on", `>${REDIS_PASSWORD}`, "~*", "+@all"],
    });
    gateway = await startGateway(`redis://gw:${enc(REDIS_PASSWORD)}@${redis.host}:${redis.port}`);
  });
  afterAll(async () => {
    output?.stop();
    await Promise.all(gateways.map((g) => g.close()));
    await redis?.stop();
  });

  it("serves with the password from its Redis URL", async () => {
    expect((await call(gateway, "/", { token: RW_TOKEN, body: ["SET", "k", "v"] })).json).toEqual({
      result: "OK",
    });
  });

  it("missing, wrong and almost-right tokens: 401s that echo no token", async () => {
    const answers = [
      await call(gateway, "/", { token: null, body: ["GET", "k"] }),
      await call(gateway, "/", { token: "not-the-token", body: ["GET", "k"] }),
      await call(gateway, "/", { token: `${RW_TOKEN}x`, body: ["GET", "k"] }),
      await call(gateway, "/", { token: RW_TOKEN.slice(0, -1), body: ["GET", "k"] }),
      await call(gateway, `/get/k?_token=${enc(`${RO_TOKEN}x`)}`, { token: null }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expectNoSecrets(answerTexts(answer));
    }
  });

  it("error replies, refused commands and read-only refusals show no secret, even when an argument was one", async () => {
    await call(gateway, "/", { token: RW_TOKEN, body: ["SET", "text", "x"] });
    const answers = [
      await call(gateway, "/", { token: RW_TOKEN, body: ["INCR", "text"] }),
      await call(gateway, "/", { token: RW_TOKEN, body: ["AUTH", "gw", REDIS_PASSWORD] }),
      await call(gateway, "/", { token: RW_TOKEN, body: ["CONFIG", "SET", "masterauth", REDIS_PASSWORD] }),
      await call(gateway, "/", { token: RW_TOKEN, body: ["ACL", "SETUSER", "x", `>${RO_TOKEN}`] }),
      await call(gateway, "/", { token: RO_TOKEN, body: ["SET", "k", RW_TOKEN] }),
      await call(gateway, "/pipeline", {
        token: RW_TOKEN,
        body: [
          ["INCR", "text"],
          ["AUTH", REDIS_PASSWORD],
        ],
      }),
    ];
    for (const answer of answers) {
      expect(answer.status, answer.text).toBeGreaterThanOrEqual(200);
      expectNoSecrets(answerTexts(answer));
    }
  });

  it("Redis down: a 5xx that shows neither the password nor a token", async () => {
    const down = await startGateway(`redis://gw:${enc(REDIS_PASSWORD)}@127.0.0.1:${await freePort()}`);
    for (const [path, body] of [
      ["/", ["GET", "k"]],
      ["/pipeline", [["GET", "k"]]],
      ["/multi-exec", [["INCR", "n"]]],
    ] as const) {
      const answer = await call(down, path, { token: RW_TOKEN, body });
      expect([503, 504]).toContain(answer.status);
      expectNoSecrets(answerTexts(answer));
    }
  });

  it("a wrong Redis password configured: createGateway refuses to start, saying why without the password", async () => {
    const error = await startGateway(`redis://gw:${enc(WRONG_PASSWORD)}@${redis.host}:${redis.port}`).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/could not provision .* \(WRONGPASS /);
    expectNoSecrets(errorTexts(error));
  });

  it("@upstash/redis errors against it show no token", async () => {
    const wrong = new UpstashRedis({ url: gateway.url, token: `${RW_TOKEN}x`, enableTelemetry: false });
    const readOnly = new UpstashRedis({ url: gateway.url, token: RO_TOKEN, enableTelemetry: false });
    const errors = [
      await wrong.get("k").catch((e: unknown) => e),
      await readOnly.set("k", "v").catch((e: unknown) => e),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(Error);
      expectNoSecrets(errorTexts(error));
    }
  });

  it("createGateway's option errors show no token", async () => {
    const errors = await Promise.all([
      createGateway({ redis: redis.url, tokens: [{ token: RW_TOKEN }, { token: RW_TOKEN }], port: 0 }).catch(
        (e: unknown) => e,
      ),
      createGateway({ redis: redis.url, tokens: [{ token: `${RW_TOKEN} x` }], port: 0 }).catch(
        (e: unknown) => e,
      ),
      createGateway({ redis: redis.url, tokens: [{ token: RW_TOKEN, db: 99 }], port: 0 }).catch(
        (e: unknown) => e,
      ),
    ]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(TypeError);
      expectNoSecrets(errorTexts(error));
    }
  });

  it("a Redis URL that does not parse is refused without its password", async () => {
    const error = await createGateway({
      redis: `redis://gw:${enc(REDIS_PASSWORD)}@bad host:6379`,
      tokens: [{ token: RW_TOKEN }],
      port: 0,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expectNoSecrets(errorTexts(error));
  });

  it("the log carries no argument: Redis' error replies that quote one are logged by their code", async () => {
    const quoted = [
      ["EVAL", "return redis.error_reply(ARGV[1])", 0, "argument-in-an-error"],
      ["EVAL", "return redis.error_reply('ERR ' .. ARGV[1])", 0, "argument-in-an-error"],
    ];
    for (const body of quoted) {
      const before = logged.length;
      const answer = await call(gateway, "/", { token: RW_TOKEN, body });
      expect(answer.status).toBe(400);
      expect(answer.text).toContain("argument-in-an-error"); // the client gets Redis' words
      const entry = logged.slice(before).find((e) => e.status === 400)!;
      expect(entry.error).toMatch(
        /error reply from Redis \(its text is not logged: it may quote arguments\)$/,
      );
      expect(JSON.stringify(entry)).not.toContain("argument-in-an-error");
    }
  });

  it("the log entries show no secret", () => {
    expect(logged.length).toBeGreaterThan(10);
    expectNoSecrets(logged.map((entry) => JSON.stringify(entry)));
  });

  it("nothing printed during these tests (console, stdout, stderr, warnings) shows a secret", () => {
    expectNoSecrets(output.texts());
  });
});

describe("secrets (the CLI)", () => {
  let redis: RedisServer;
  let cli: Awaited<ReturnType<typeof buildCli>>;

  beforeAll(async () => {
    cli = await buildCli(fileURLToPath(new URL(`../.secrets-cli-dist-${process.pid}`, import.meta.url)));
    redis = await startRedis({ args: ["--requirepass", REDIS_PASSWORD] });
  });
  afterAll(async () => {
    await redis?.stop();
    cli?.remove();
  });

  it("prints no secret while serving (bad tokens included) and stopping, nor when its Redis password is wrong", async () => {
    const refused = runCli(cli.script, ["--port", "0", "--read-only-token", RO_TOKEN], {
      BEEREDIS_GATEWAY_REDIS: `redis://:${enc(WRONG_PASSWORD)}@${redis.host}:${redis.port}`,
      BEEREDIS_GATEWAY_TOKEN: RW_TOKEN,
    });
    expect(await refused.exited).toBe(1);
    expect(refused.output().stderr).toMatch(/could not provision/);
    expectNoSecrets([refused.output().stdout, refused.output().stderr]);
    for (const password of [REDIS_PASSWORD]) {
      const run = runCli(cli.script, ["--port", "0", "--read-only-token", RO_TOKEN], {
        BEEREDIS_GATEWAY_REDIS: `redis://:${enc(password)}@${redis.host}:${redis.port}`,
        BEEREDIS_GATEWAY_TOKEN: RW_TOKEN,
      });
      const url = await run.url();
      const post = (token: string, body: unknown) =>
        fetch(`${url}/`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}` },
          body: JSON.stringify(body),
        });
      const answers = await Promise.all([
        post(RW_TOKEN, ["SET", "k", "v"]),
        post(RO_TOKEN, ["SET", "k", "v"]),
        post(`${RW_TOKEN}x`, ["GET", "k"]),
      ]);
      const bodies = await Promise.all(answers.map((answer) => answer.text()));
      expectNoSecrets(bodies);
      run.child.kill("SIGTERM");
      expect(await run.exited).toBe(0);
      const { stdout, stderr } = run.output();
      expect(stdout).toMatch(/listening on http:/);
      expectNoSecrets([stdout, stderr]);
    }
  });

  it("a startup failure (the port is taken) prints no secret", async () => {
    const taken = await createGateway({
      redis: `redis://:${enc(REDIS_PASSWORD)}@${redis.host}:${redis.port}`,
      tokens: [{ token: "other" }],
      port: 0,
    });
    const run = runCli(cli.script, ["--port", String(taken.port), "--token", RW_TOKEN], {
      BEEREDIS_GATEWAY_REDIS: `redis://:${enc(REDIS_PASSWORD)}@${redis.host}:${redis.port}`,
    });
    expect(await run.exited).toBe(1);
    await taken.close();
    expect(run.output().stderr).toMatch(/beeredis-gateway: .*EADDRINUSE/);
    expectNoSecrets([run.output().stdout, run.output().stderr]);
  });

  it("a usage error prints no secret", async () => {
    const run = runCli(cli.script, ["--token", RW_TOKEN, "--port", "not-a-port"], {
      BEEREDIS_GATEWAY_REDIS: `redis://:${enc(REDIS_PASSWORD)}@${redis.host}:${redis.port}`,
    });
    expect(await run.exited).toBe(2);
    expectNoSecrets([run.output().stdout, run.output().stderr]);
  });

  it("an unparsable Redis URL is reported without its password", async () => {
    const run = runCli(cli.script, ["--port", "0", "--token", RW_TOKEN], {
      BEEREDIS_GATEWAY_REDIS: `redis://:${enc(REDIS_PASSWORD)}@bad host:6379`,
    });
    expect(await run.exited).toBe(1);
    expectNoSecrets([run.output().stdout, run.output().stderr]);
  });
});
