/** @module Options of {@link createGateway}: their defaults and their validation. */
import { type Duration, toMilliseconds } from "@beeredis/core";

/** One accepted token. */
export interface GatewayToken {
  /** The secret a client sends as `Authorization: Bearer <token>` or `?_token=<token>`. No whitespace. */
  token: string;
  /** The Redis database (0..15) every command of this token runs on. @default 0 */
  db?: number;
  /** Refuse commands that write (COMMAND INFO flags `write`, `may_replicate` or `admin`) with 403. @default false */
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
   * Commands refused with 400, as `"NAME"` or `"CONTAINER SUBCOMMAND"` (case-insensitive). Replaces the default
   * list; SELECT is refused whatever this says, and so are SWAPDB, MOVE and COPY ... DB unless
   * `allowCrossDatabase` is set.
   * @default DEFAULT_DENY_LIST
   */
  deny?: readonly string[];
  /**
   * Let SWAPDB, MOVE and COPY ... DB reach databases other than the token's own. Off, each token is confined to its
   * database (except through scripts; see the README). For trusted setups such as test harnesses.
   * @default false
   */
  allowCrossDatabase?: boolean;
  /** How long `close()` waits for requests in flight before cutting their connections. @default 5000 (5 s) */
  closeTimeout?: Duration;
  /** Called once per answered request. @default undefined (no logging) */
  log?: (entry: GatewayLogEntry) => void;
}

/** The commands refused by default, as `"NAME"` or `"CONTAINER SUBCOMMAND"`. */
export const DEFAULT_DENY_LIST: readonly string[] = Object.freeze([
  "SELECT",
  "FLUSHALL",
  "CONFIG SET",
  "CONFIG REWRITE",
  "SHUTDOWN",
  "DEBUG",
  "MONITOR",
  "SLAVEOF",
  "REPLICAOF",
  "MODULE",
  "ACL SETUSER",
  "ACL DELUSER",
  "SAVE",
  "BGSAVE",
  "MIGRATE",
]);

/** Options with every default filled in and every value checked. @internal */
export interface ResolvedOptions {
  redis: string;
  tokens: { token: string; db: number; readOnly: boolean }[];
  host: string;
  port: number;
  maxBodyBytes: number;
  requestTimeoutMs: number;
  commandTimeoutMs: number;
  deny: Set<string>;
  allowCrossDatabase: boolean;
  closeTimeoutMs: number;
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
  if (options.allowCrossDatabase !== undefined && typeof options.allowCrossDatabase !== "boolean") {
    fail("`allowCrossDatabase` must be a boolean");
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
    allowCrossDatabase: options.allowCrossDatabase ?? false,
    closeTimeoutMs: positive(options.closeTimeout ?? 5000, "closeTimeout"),
    log: options.log,
  };
}

function resolveTokens(tokens: readonly GatewayToken[] | undefined): ResolvedOptions["tokens"] {
  if (!Array.isArray(tokens) || tokens.length === 0)
    fail("`tokens` must list at least one { token, db?, readOnly? }");
  const seen = new Set<string>();
  return tokens.map((entry, i) => {
    const where = `tokens[${i}]`;
    if (typeof entry !== "object" || entry === null)
      fail(`${where} must be an object { token, db?, readOnly? }`);
    const { token, db = 0, readOnly = false } = entry;
    if (typeof token !== "string" || token === "" || /\s/.test(token)) {
      fail(`${where}.token must be a non-empty string without whitespace`);
    }
    if (seen.has(token)) fail(`${where}.token is listed twice`);
    seen.add(token);
    if (!Number.isInteger(db) || db < 0 || db > 15) fail(`${where}.db must be an integer in 0..15`);
    if (typeof readOnly !== "boolean") fail(`${where}.readOnly must be a boolean`);
    return { token, db, readOnly };
  });
}

function resolveDeny(deny: readonly string[]): Set<string> {
  if (!Array.isArray(deny)) fail('`deny` must be a list of command names such as ["FLUSHALL", "CONFIG SET"]');
  const out = new Set<string>(["SELECT"]);
  for (const entry of deny) {
    if (typeof entry !== "string" || !/^\S+( \S+)?$/.test(entry.trim())) {
      fail(`\`deny\` entries must be "NAME" or "CONTAINER SUBCOMMAND"; got ${JSON.stringify(entry)}`);
    }
    out.add(entry.trim().toUpperCase());
  }
  return out;
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
