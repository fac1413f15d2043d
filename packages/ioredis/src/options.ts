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
    db: endpoint.db,
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
    // Commands issued while disconnected fail after one reconnect attempt instead of waiting for 20.
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 2000),
    // Connect on the first command, not at registration.
    lazyConnect: true,
    // No INFO round trip per connect: it needs a permission restricted ACL users may lack, and a server that is
    // still loading answers LOADING, which callers get as a ReplyError.
    enableReadyCheck: false,
    // beeredis batches per tick itself (see tick-batcher.ts): ioredis' own auto-pipelining loses Buffer replies.
    enableAutoPipelining: false,
    ...overrides,
  };
}
