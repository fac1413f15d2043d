/** @module The command line and environment of `beeredis-gateway`, turned into {@link GatewayOptions}. */
import { parseArgs } from "node:util";
import type { Duration } from "@beeredis/core";
import type { GatewayOptions, GatewayToken } from "./options.js";
import type { Role } from "./policy/policy.js";

/** The usage text printed by `--help` and after a usage error. */
export const USAGE = `Usage: beeredis-gateway --redis redis://127.0.0.1:6379 --token TOKEN [options]

An Upstash-REST-compatible HTTP server in front of any Redis.

Options:
  --redis URL                 the Redis to serve (or BEEREDIS_GATEWAY_REDIS)
  --token TOKEN               a tenant token: data commands of its database; repeatable (or BEEREDIS_GATEWAY_TOKEN)
  --read-only-token TOKEN     a read-only tenant token; repeatable (or BEEREDIS_GATEWAY_READ_ONLY_TOKEN)
  --admin-token TOKEN         an admin token: also server-wide commands; repeatable (or BEEREDIS_GATEWAY_ADMIN_TOKEN)
  --db N                      the database of the tokens above (default 0)
  --host HOST                 interface to listen on (default 127.0.0.1)
  --port PORT                 port to listen on, 0 for any free one (default 8079)
  --max-body-bytes N          largest request body (default 1048576)
  --max-connections N         client connections open at once (default 10000); keep it under ulimit -n
  --max-blocking-per-token N  one token's blocking commands and SSE streams at once (default 8)
  --max-blocking-total N      blocking commands and SSE streams of all tokens at once (default 64)
  --request-timeout D         time limit of one request, e.g. 10s (default 10s)
  --command-timeout D         time limit of one Redis command (default 5s)
  --deny LIST                 comma-separated commands to refuse, replacing the default list
  --help                      show this text

Environment (keeps secrets out of ps):
  BEEREDIS_GATEWAY_REDIS            the Redis URL, with its password
  BEEREDIS_GATEWAY_TOKEN            one tenant token
  BEEREDIS_GATEWAY_READ_ONLY_TOKEN  one read-only token
  BEEREDIS_GATEWAY_ADMIN_TOKEN      one admin token
  BEEREDIS_GATEWAY_TOKENS           JSON: [{"token": "...", "db": 3, "role": "tenant" | "read-only" | "admin"}, ...]

The Redis login must be allowed to run ACL SETUSER: the gateway creates one ACL user per role and database.
`;

/** A command line the gateway cannot start from; the message says why. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** `{ help: true }` for --help, else the gateway's options. @throws UsageError */
export function parseCliArgs(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): { help: true } | { help: false; options: GatewayOptions } {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(args).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return { help: true };
  const redis = values.redis ?? env.BEEREDIS_GATEWAY_REDIS;
  if (!redis) throw new UsageError("--redis (or BEEREDIS_GATEWAY_REDIS) is required.");
  const db = values.db === undefined ? 0 : integer(values.db, "--db");
  const tokens: GatewayToken[] = [
    ...withRole(values.token, env.BEEREDIS_GATEWAY_TOKEN, "tenant", db),
    ...withRole(values["read-only-token"], env.BEEREDIS_GATEWAY_READ_ONLY_TOKEN, "read-only", db),
    ...withRole(values["admin-token"], env.BEEREDIS_GATEWAY_ADMIN_TOKEN, "admin", db),
    ...jsonTokens(env.BEEREDIS_GATEWAY_TOKENS),
  ];
  if (tokens.length === 0) {
    throw new UsageError(
      "at least one token is required: --token, or BEEREDIS_GATEWAY_TOKEN(S) in the environment.",
    );
  }
  const options: GatewayOptions = { redis, tokens };
  if (values.host !== undefined) options.host = values.host;
  if (values.port !== undefined) options.port = integer(values.port, "--port");
  if (values["max-body-bytes"] !== undefined)
    options.maxBodyBytes = integer(values["max-body-bytes"], "--max-body-bytes");
  if (values["max-connections"] !== undefined)
    options.maxConnections = integer(values["max-connections"], "--max-connections");
  if (values["max-blocking-per-token"] !== undefined)
    options.maxBlockingPerToken = integer(values["max-blocking-per-token"], "--max-blocking-per-token");
  if (values["max-blocking-total"] !== undefined)
    options.maxBlockingTotal = integer(values["max-blocking-total"], "--max-blocking-total");
  if (values["request-timeout"] !== undefined) options.requestTimeout = duration(values["request-timeout"]);
  if (values["command-timeout"] !== undefined) options.commandTimeout = duration(values["command-timeout"]);
  if (values.deny !== undefined) {
    options.deny = values.deny
      .split(",")
      .map((entry) => entry.trim())
      .filter((entry) => entry !== "");
  }
  return { help: false, options };
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      redis: { type: "string" },
      token: { type: "string", multiple: true },
      "read-only-token": { type: "string", multiple: true },
      "admin-token": { type: "string", multiple: true },
      db: { type: "string" },
      host: { type: "string" },
      port: { type: "string" },
      "max-body-bytes": { type: "string" },
      "max-connections": { type: "string" },
      "max-blocking-per-token": { type: "string" },
      "max-blocking-total": { type: "string" },
      "request-timeout": { type: "string" },
      "command-timeout": { type: "string" },
      deny: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

/** The tokens given by a repeatable flag and its environment variable, with their role and database. */
function withRole(
  flags: readonly string[] | undefined,
  env: string | undefined,
  role: Role,
  db: number,
): GatewayToken[] {
  return [...(flags ?? []), ...(env ? [env] : [])].map((token) => ({ token, db, role }));
}

function jsonTokens(text: string | undefined): GatewayToken[] {
  if (text === undefined || text.trim() === "") return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(
      'BEEREDIS_GATEWAY_TOKENS must be JSON such as [{"token": "...", "db": 0, "role": "tenant"}].',
    );
  }
  if (!Array.isArray(parsed)) throw new UsageError("BEEREDIS_GATEWAY_TOKENS must be a JSON array.");
  return parsed as GatewayToken[];
}

function integer(text: string, flag: string): number {
  if (!/^\d+$/.test(text))
    throw new UsageError(`${flag} must be a whole number, got ${JSON.stringify(text)}.`);
  return Number(text);
}

function duration(text: string): Duration {
  return (/^\d+(\.\d+)?$/.test(text) ? Number(text) : text) as Duration;
}
