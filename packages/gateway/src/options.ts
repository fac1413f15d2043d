/** @module Options of {@link createGateway}: their defaults and their validation. */
import { type Duration, toMilliseconds } from "@beeredis/core";
import type { LimitSettings } from "./limits.js";
import { DEFAULT_MAX_VALUE_BYTES } from "./policy/growth.js";
import type { Role } from "./policy/policy.js";

/** One accepted token. */
export interface GatewayToken {
  /** The secret a client sends as `Authorization: Bearer <token>` or `?_token=<token>`. No whitespace. */
  token: string;
  /** The Redis database (0..15) every command of this token runs on. @default 0 */
  db?: number;
  /**
   * What the token may run (see the README's threat model):
   * - `"tenant"`: the data commands of its own database, scripts and functions included (confined by Redis ACL
   *   users), transactions, PING/ECHO/TIME and the like;
   * - `"read-only"`: the reads among those, and read-only scripts;
   * - `"admin"`: every command, also server-wide ones (FLUSHALL, CONFIG, CLIENT, SCRIPT FLUSH, FUNCTION ...),
   *   except those whose answers carry secrets, and except the deny list.
   * @default "tenant"
   */
  role?: Role;
  /** Same as `role: "read-only"` (kept for existing configurations). @default false */
  readOnly?: boolean;
}

/** What one answered request looks like to the optional `log` callback. Never carries a token or arguments. */
export interface GatewayLogEntry {
  method: string;
  /** `"/"`, `"/pipeline"`, `"/multi-exec"` or `"path"` (a path-style command; its arguments are not logged). */
  route: string;
  status: number;
  /** Milliseconds from the request's arrival to its answer. */
  ms: number;
  /** The error message sent to the client, when the status is not 200. */
  error?: string;
}

/** Options of {@link createGateway}. */
export interface GatewayOptions {
  /** The Redis to serve: `redis://[user:password@]host:port`, `rediss://...`, `host:port` or a unix socket path. */
  redis: string;
  /** The accepted tokens, each mapped to its database. At least one. */
  tokens: readonly GatewayToken[];
  /** Interface to listen on. @default "127.0.0.1" */
  host?: string;
  /** Port to listen on; `0` picks a free one (read it back from `gateway.url`). @default 8079 */
  port?: number;
  /** Largest accepted request body in bytes; a larger one is answered 413. @default 1048576 (1 MiB) */
  maxBodyBytes?: number;
  /** Longest time one request may spend on Redis before it is answered 504. @default 10000 (10 s) */
  requestTimeout?: Duration;
  /** Longest time one Redis command may take (the registry's `commandTimeout`). @default 5000 (5 s) */
  commandTimeout?: Duration;
  /**
   * Commands refused with 400 to every token, admin included, as `"NAME"` or `"CONTAINER SUBCOMMAND"`
   * (case-insensitive). Replaces the default list. It narrows the roles further; it can never widen them.
   * @default DEFAULT_DENY_LIST
   */
  deny?: readonly string[];
  /** Commands in one `/pipeline` or `/multi-exec` request; more are answered 413. @default 1000 */
  maxPipelineCommands?: number;
  /**
   * Bytes of reply data (strings, before JSON or base64) one request may get back; a larger reply is answered
   * 400 (the command has run). @default 16777216 (16 MiB)
   */
  maxResponseBytes?: number;
  /**
   * Bytes of published messages an SSE stream may hold for a client that reads slower than they arrive; past it
   * the stream ends (the client reconnects). With `maxBlockingTotal` it bounds what streams hold in the gateway.
   * @default 1048576 (1 MiB)
   */
  maxStreamBufferBytes?: number;
  /**
   * The longest string a non-admin token's SETRANGE, SETBIT or BITFIELD may grow a value to: they allocate up to
   * the offset they name at once, so a request of a few bytes could make Redis allocate 512 MB. Longer is refused
   * with 400 before anything is sent. @default 16777216 (16 MiB)
   */
  maxValueBytes?: number;
  /**
   * Bytes of one token's requests served at once, each counting its body plus 1 KiB; more wait in line, so a
   * flood of large requests from one token cannot hold the others back. @default 2097152 (2 MiB)
   */
  maxInFlightBytesPerToken?: number;
  /** Requests of one token waiting in line (their bodies unread); more are answered 429. @default 4096 */
  maxQueuedPerToken?: number;
  /** Blocking commands (each holds a Redis connection) of one token at once; more are answered 429. @default 8 */
  maxBlockingPerToken?: number;
  /**
   * Blocking commands (SSE streams included) of all tokens at once; more are answered 429. Each token is sure of
   * an even share of them (at most `maxBlockingPerToken`); the rest go to whichever token asks first, so tokens
   * flooding with blocking commands cannot leave another token none. @default 64
   */
  maxBlockingTotal?: number;
  /**
   * Client connections open at once; past it a new connection is closed as soon as it is accepted. Keep it under
   * the process's open-files limit (`ulimit -n`) less the Redis connections (`maxBlockingTotal` plus a few), so
   * that idle connections, which need no token to open, can never use up the descriptors the gateway needs to
   * reach Redis. @default 10000
   */
  maxConnections?: number;
  /** How often an SSE subscription stream sends a comment line, so proxies keep it open. @default 15000 (15 s) */
  heartbeatInterval?: Duration;
  /** How long `close()` waits for requests in flight before cutting their connections. @default 5000 (5 s) */
  closeTimeout?: Duration;
  /** Called once per answered request. @default undefined (no logging) */
  log?: (entry: GatewayLogEntry) => void;
}

/**
 * The commands refused to every token by default, admin included: they stop, reconfigure or hand over the
 * server, or make it connect elsewhere.
 */
export const DEFAULT_DENY_LIST: readonly string[] = Object.freeze([
  "CONFIG SET",
  "CONFIG REWRITE",
  "SHUTDOWN",
  "FAILOVER",
  "SLAVEOF",
  "REPLICAOF",
  "MODULE",
  "ACL SETUSER",
  "ACL DELUSER",
  "ACL LOAD",
  "ACL SAVE",
  "SAVE",
  "BGSAVE",
  "BGREWRITEAOF",
  "MIGRATE",
]);

/** Options with every default filled in and every value checked. @internal */
export interface ResolvedOptions {
  redis: string;
  tokens: { token: string; db: number; role: Role }[];
  host: string;
  port: number;
  maxBodyBytes: number;
  requestTimeoutMs: number;
  commandTimeoutMs: number;
  /** Upper case, `NAME` or `CONTAINER|SUBCOMMAND`. */
  deny: Set<string>;
  maxPipelineCommands: number;
  maxResponseBytes: number;
  maxStreamBufferBytes: number;
  maxValueBytes: number;
  maxConnections: number;
  limits: LimitSettings;
  closeTimeoutMs: number;
  heartbeatMs: number;
  log: ((entry: GatewayLogEntry) => void) | undefined;
}

/** Fills in defaults. @throws TypeError naming the bad option (never echoing a token). @internal */
export function resolveOptions(options: GatewayOptions): ResolvedOptions {
  if (typeof options !== "object" || options === null) fail("the options must be an object");
  const { redis } = options;
  if (typeof redis !== "string" || redis.trim() === "")
    fail("`redis` must be a Redis URL such as redis://127.0.0.1:6379");
  if (/^rediss?:\/\/[^/]*\/./i.test(redis.trim())) {
    fail("`redis` must not name a database (/N): each token's `db` chooses it");
  }
  const port = options.port ?? 8079;
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail("`port` must be an integer in 0..65535");
  const host = options.host ?? "127.0.0.1";
  if (typeof host !== "string" || host === "") fail("`host` must be a non-empty string");
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) fail("`maxBodyBytes` must be a positive integer");
  if (options.log !== undefined && typeof options.log !== "function") fail("`log` must be a function");
  if ("allowCrossDatabase" in options) {
    fail(
      '`allowCrossDatabase` was replaced by roles: give the tokens that may reach other databases `role: "admin"`',
    );
  }
  return {
    redis: redis.trim(),
    tokens: resolveTokens(options.tokens),
    host,
    port,
    maxBodyBytes,
    requestTimeoutMs: positive(options.requestTimeout ?? 10_000, "requestTimeout"),
    commandTimeoutMs: positive(options.commandTimeout ?? 5000, "commandTimeout"),
    deny: resolveDeny(options.deny ?? DEFAULT_DENY_LIST),
    maxPipelineCommands: count(options.maxPipelineCommands, 1000, "maxPipelineCommands"),
    maxResponseBytes: count(options.maxResponseBytes, 16 * 1024 * 1024, "maxResponseBytes"),
    maxStreamBufferBytes: count(options.maxStreamBufferBytes, 1024 * 1024, "maxStreamBufferBytes"),
    maxValueBytes: count(options.maxValueBytes, DEFAULT_MAX_VALUE_BYTES, "maxValueBytes"),
    maxConnections: count(options.maxConnections, 10_000, "maxConnections"),
    limits: {
      bytesPerToken: count(options.maxInFlightBytesPerToken, 2 * 1024 * 1024, "maxInFlightBytesPerToken"),
      queuedPerToken: count(options.maxQueuedPerToken, 4096, "maxQueuedPerToken"),
      blockingPerToken: count(options.maxBlockingPerToken, 8, "maxBlockingPerToken"),
      blockingTotal: count(options.maxBlockingTotal, 64, "maxBlockingTotal"),
    },
    closeTimeoutMs: positive(options.closeTimeout ?? 5000, "closeTimeout"),
    heartbeatMs: positive(options.heartbeatInterval ?? 15_000, "heartbeatInterval"),
    log: options.log,
  };
}

const ROLES: readonly Role[] = ["admin", "tenant", "read-only"];

function resolveTokens(tokens: readonly GatewayToken[] | undefined): ResolvedOptions["tokens"] {
  if (!Array.isArray(tokens) || tokens.length === 0)
    fail("`tokens` must list at least one { token, db?, role? }");
  const seen = new Set<string>();
  return tokens.map((entry, i) => {
    const where = `tokens[${i}]`;
    if (typeof entry !== "object" || entry === null) fail(`${where} must be an object { token, db?, role? }`);
    const { token, db = 0, readOnly } = entry;
    if (typeof token !== "string" || token === "" || /\s/.test(token)) {
      fail(`${where}.token must be a non-empty string without whitespace`);
    }
    if (seen.has(token)) fail(`${where}.token is listed twice`);
    seen.add(token);
    if (!Number.isInteger(db) || db < 0 || db > 15) fail(`${where}.db must be an integer in 0..15`);
    if (readOnly !== undefined && typeof readOnly !== "boolean") fail(`${where}.readOnly must be a boolean`);
    const role = entry.role ?? (readOnly ? "read-only" : "tenant");
    if (!ROLES.includes(role)) fail(`${where}.role must be "admin", "tenant" or "read-only"`);
    if (readOnly && role !== "read-only") fail(`${where} says both readOnly: true and role: "${role}"`);
    return { token, db, role };
  });
}

function resolveDeny(deny: readonly string[]): Set<string> {
  if (!Array.isArray(deny)) fail('`deny` must be a list of command names such as ["FLUSHALL", "CONFIG SET"]');
  const out = new Set<string>();
  for (const entry of deny) {
    if (typeof entry !== "string" || !/^[A-Za-z0-9_.-]+([ |][A-Za-z0-9_.-]+)?$/.test(entry.trim())) {
      fail(`\`deny\` entries must be "NAME" or "CONTAINER SUBCOMMAND"; got ${JSON.stringify(entry)}`);
    }
    out.add(entry.trim().toUpperCase().replace(" ", "|"));
  }
  return out;
}

function count(value: number | undefined, fallback: number, name: string): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 1) fail(`\`${name}\` must be a positive integer`);
  return n;
}

/** setTimeout's longest delay (about 24.8 days): a longer timeout would fire at once. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

function positive(duration: Duration, name: string): number {
  let ms: number;
  try {
    ms = toMilliseconds(duration, name);
  } catch (error) {
    fail(error instanceof Error ? error.message.replace(/\.$/, "") : `\`${name}\` is not a duration`);
  }
  if (!(ms > 0)) fail(`\`${name}\` must be greater than 0`);
  if (ms > MAX_TIMEOUT_MS) fail(`\`${name}\` must be at most ${MAX_TIMEOUT_MS} ms`);
  return Math.ceil(ms); // node's server timeouts take whole milliseconds
}

function fail(message: string): never {
  throw new TypeError(`createGateway: ${message}.`);
}
