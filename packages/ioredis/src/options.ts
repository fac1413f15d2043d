import type { Endpoint } from "@beeredis/core";
import type { RedisOptions } from "ioredis";

/**
 * The ioredis options every beeredis connection uses. Each choice keeps TCP replies identical to HTTP ones and
 * keeps a write from ever being sent twice.
 */
export function redisOptions(endpoint: Endpoint, overrides: Partial<RedisOptions>): RedisOptions {
  const address = endpoint.address;
  const location =
    address.kind === "unix"
      ? { path: address.path }
      : address.kind === "tcp"
        ? { host: address.host, port: address.port }
        : address.kind === "sentinel"
          ? {
              // ioredis asks the Sentinels for the current master on every (re)connect, so it follows failovers.
              name: address.masterName,
              sentinels: address.sentinels.map(({ host, port }) => ({ host, port })),
              ...(endpoint.sentinelPassword ? { sentinelPassword: endpoint.sentinelPassword } : {}),
              // A failover demotes the old master: reconnect to the new one on READONLY replies.
              failoverDetector: true,
            }
          : {};
  const tls = endpoint.tls === true ? {} : endpoint.tls || undefined;
  return {
    ...location,
    username: endpoint.username,
    password: endpoint.password,
    ...(tls ? { tls } : {}),
    connectTimeout: endpoint.connectTimeoutMs,
    commandTimeout: endpoint.commandTimeoutMs,
    // RESP2, so maps and scored replies have the same shape as the Upstash REST protocol's.
    protocol: 2,
    // Integers as strings, so core can keep values beyond 2^53 exact.
    stringNumbers: true,
    // A command whose reply was lost may have run: report it, never re-send it (an INCR would count twice).
    autoResendUnfulfilledCommands: false,
    // ioredis' default (fail what it holds after 20 reconnect attempts) is far too patient.
    maxRetriesPerRequest: 1,
    // Reconnect soon after the server is back: at most 300 ms between attempts (a refused attempt is cheap).
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 300),
    // Connect on the first command, not at registration.
    lazyConnect: true,
    // No INFO round trip per connect: it needs a permission restricted ACL users may lack, and a server that is
    // still loading answers LOADING, which callers get as a ReplyError.
    enableReadyCheck: false,
    // beeredis batches per tick itself (see tick-batcher.ts): ioredis' own auto-pipelining loses Buffer replies.
    enableAutoPipelining: false,
    ...overrides,
    // Not overridable: the database pin (pinned-connection.ts) relies on them. ioredis selects `db` on connect, and
    // with no offline queue it writes a command at once or rejects it, never later, after a reconnect whose
    // SELECT may have failed. Commands wait for a connection in PinnedConnection instead.
    db: endpoint.db,
    enableOfflineQueue: false,
  };
}
