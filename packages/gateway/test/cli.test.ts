/** The `beeredis-gateway` command: argument parsing, and one run of the built CLI. */
import { fileURLToPath } from "node:url";
import { type RedisServer, startRedis } from "@beeredis/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_DENY_LIST, parseCliArgs, UsageError } from "../src/index.js";
import { buildCli, type CliRun, runCli } from "./cli-process.js";

describe("parseCliArgs", () => {
  it("reads flags, repeatable tokens and --db", () => {
    const parsed = parseCliArgs(
      [
        "--redis",
        "redis://127.0.0.1:6379",
        "--token",
        "a",
        "--token",
        "b",
        "--read-only-token",
        "r",
        "--admin-token",
        "ad",
        "--db",
        "3",
      ],
      {},
    );
    expect(parsed).toEqual({
      help: false,
      options: {
        redis: "redis://127.0.0.1:6379",
        tokens: [
          { token: "a", db: 3, role: "tenant" },
          { token: "b", db: 3, role: "tenant" },
          { token: "r", db: 3, role: "read-only" },
          { token: "ad", db: 3, role: "admin" },
        ],
      },
    });
  });

  it("reads tokens and the Redis URL from the environment, so they stay out of ps", () => {
    const parsed = parseCliArgs(["--port", "0", "--host", "0.0.0.0"], {
      BEEREDIS_GATEWAY_REDIS: "redis://:secret@10.1.2.3:6379",
      BEEREDIS_GATEWAY_TOKEN: "env-rw",
      BEEREDIS_GATEWAY_READ_ONLY_TOKEN: "env-ro",
      BEEREDIS_GATEWAY_ADMIN_TOKEN: "env-admin",
      BEEREDIS_GATEWAY_TOKENS: '[{"token": "json-db5", "db": 5}]',
    });
    expect(parsed.help).toBe(false);
    if (parsed.help) return;
    expect(parsed.options).toEqual({
      redis: "redis://:secret@10.1.2.3:6379",
      host: "0.0.0.0",
      port: 0,
      tokens: [
        { token: "env-rw", db: 0, role: "tenant" },
        { token: "env-ro", db: 0, role: "read-only" },
        { token: "env-admin", db: 0, role: "admin" },
        { token: "json-db5", db: 5 },
      ],
    });
  });

  it("reads limits, timeouts and the deny list", () => {
    const parsed = parseCliArgs(
      [
        "--redis=r:6379",
        "--token=t",
        "--max-body-bytes=2048",
        "--max-connections=500",
        "--max-blocking-per-token=4",
        "--max-blocking-total=256",
        "--request-timeout=2s",
        "--command-timeout=500",
        "--deny",
        "FLUSHALL, CONFIG SET,",
      ],
      {},
    );
    if (parsed.help) throw new Error("unexpected help");
    expect(parsed.options).toMatchObject({
      maxBodyBytes: 2048,
      maxConnections: 500,
      maxBlockingPerToken: 4,
      maxBlockingTotal: 256,
      requestTimeout: "2s",
      commandTimeout: 500,
      deny: ["FLUSHALL", "CONFIG SET"],
    });
    // FLUSHALL is for admin tokens (roles), so it is no longer on the default deny list.
    expect(DEFAULT_DENY_LIST).not.toContain("FLUSHALL");
    expect(DEFAULT_DENY_LIST).toContain("CONFIG SET");
  });

  it("answers --help, and refuses bad command lines with UsageError", () => {
    expect(parseCliArgs(["--help"], {})).toEqual({ help: true });
    expect(() => parseCliArgs(["--token", "t"], {})).toThrow(/--redis/);
    expect(() => parseCliArgs(["--redis", "r"], {})).toThrow(/at least one token/);
    expect(() => parseCliArgs(["--redis", "r", "--token", "t", "--port", "http"], {})).toThrow(UsageError);
    expect(() => parseCliArgs(["--redis", "r", "--token", "t", "--bogus"], {})).toThrow(UsageError);
    expect(() => parseCliArgs(["--redis", "r"], { BEEREDIS_GATEWAY_TOKENS: "{nope" })).toThrow(/JSON/);
  });
});

describe("the built CLI", () => {
  let cli: { script: string; remove(): void };
  let redis: RedisServer;
  const runs: CliRun[] = [];

  beforeAll(async () => {
    cli = await buildCli(fileURLToPath(new URL("../.cli-test-dist", import.meta.url)));
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const { child } of runs) if (child.exitCode === null) child.kill("SIGKILL");
    await redis?.stop();
    cli?.remove();
  });

  function run(args: string[], env: Record<string, string> = {}): CliRun {
    const started = runCli(cli.script, args, env);
    runs.push(started);
    return started;
  }

  it("serves with a flag token and an environment read-only token, then stops on SIGTERM", async () => {
    const gateway = run(["--redis", redis.url, "--token", "cli-token", "--port", "0"], {
      BEEREDIS_GATEWAY_READ_ONLY_TOKEN: "cli-ro",
    });
    const url = await gateway.url();
    expect(gateway.output().stdout).not.toContain("cli-token");
    const post = (token: string, body: unknown) =>
      fetch(`${url}/`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    expect(await (await post("cli-token", ["SET", "cli", "works"])).json()).toEqual({ result: "OK" });
    expect(await (await post("cli-ro", ["GET", "cli"])).json()).toEqual({ result: "works" });
    expect((await post("cli-ro", ["SET", "cli", "no"])).status).toBe(403);
    expect((await post("wrong", ["GET", "cli"])).status).toBe(401);
    gateway.child.kill("SIGTERM");
    expect(await gateway.exited).toBe(0);
    // The test server has neither maxmemory nor an output-buffer limit: the CLI says so, without a secret.
    const { stderr } = gateway.output();
    expect(stderr).toMatch(/^beeredis-gateway: warning: Redis has no maxmemory: /m);
    expect(stderr).toMatch(
      /^beeredis-gateway: warning: Redis does not bound a normal client's output buffer: /m,
    );
    expect(stderr).not.toContain("cli-token");
  });

  it("exits 2 with the usage on a bad command line", async () => {
    const gateway = run(["--redis", redis.url]);
    expect(await gateway.exited).toBe(2);
    expect(gateway.output().stderr).toMatch(/at least one token is required[\s\S]*Usage: beeredis-gateway/);
  });
});
