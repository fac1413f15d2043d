/**
 * The attacker's playground: a password-protected redis-server, a gateway with one token per role, planted data
 * in several databases, and a direct client that checks what Redis really holds after each attack.
 */
import { type RedisServer, startRedis } from "@beeredis/testkit";
import { Redis } from "ioredis";
import { createGateway, type Gateway, type GatewayOptions } from "../../src/index.js";
import { type Answer, call } from "../helpers.js";

export const REDIS_PASSWORD = "Sec-redis-pw/9";
export const TOKENS = {
  admin: "sec-admin-token",
  /** A tenant of database 3. */
  tenant: "sec-tenant-db3",
  /** A tenant of database 0, the other tenant. */
  other: "sec-tenant-db0",
  readOnly: "sec-read-only-db3",
} as const;
export type TokenName = keyof typeof TOKENS;

/** A key planted in every database: it must survive every attack. */
export const SENTINEL = "sentinel";
/** A value planted in database 0 that tenants of other databases must never read. */
export const SECRET_KEY = "other-tenant-secret";
export const SECRET_VALUE = "db0-only-value";

export interface Playground {
  redis: RedisServer;
  gateway: Gateway;
  /** A direct client (the default user), for checking effects. */
  direct: Redis;
  /** Sends a request with the named token. */
  send(token: TokenName, path: string, body?: unknown): Promise<Answer>;
  /** Throws unless every planted key is still in place, unchanged. */
  assertIntact(): Promise<void>;
  /** A database's value of a key, read directly. */
  read(db: number, key: string): Promise<string | null>;
  stop(): Promise<void>;
}

/** Starts the playground; `redisArgs` go to redis-server (e.g. a low `--maxclients`). */
export async function playground(
  options: Partial<GatewayOptions> = {},
  redisArgs: readonly string[] = [],
): Promise<Playground> {
  const redis = await startRedis({ args: ["--requirepass", REDIS_PASSWORD, ...redisArgs] });
  const gateway = await createGateway({
    redis: `redis://:${encodeURIComponent(REDIS_PASSWORD)}@${redis.host}:${redis.port}`,
    tokens: [
      { token: TOKENS.admin, db: 0, role: "admin" },
      { token: TOKENS.tenant, db: 3 },
      { token: TOKENS.other, db: 0 },
      { token: TOKENS.readOnly, db: 3, role: "read-only" },
    ],
    port: 0,
    ...options,
  });
  const direct = new Redis({ host: redis.host, port: redis.port, password: REDIS_PASSWORD, protocol: 2 });
  const plant = async () => {
    for (const db of [0, 1, 3, 5]) {
      await direct.select(db);
      await direct.set(SENTINEL, `planted-in-${db}`);
    }
    await direct.select(0);
    await direct.set(SECRET_KEY, SECRET_VALUE);
  };
  await plant();
  const read = async (db: number, key: string) => {
    await direct.select(db);
    try {
      return await direct.get(key);
    } finally {
      await direct.select(0);
    }
  };
  return {
    redis,
    gateway,
    direct,
    read,
    send: (token, path, body) =>
      call(gateway, path, { token: TOKENS[token], ...(body === undefined ? {} : { body }) }),
    async assertIntact() {
      for (const db of [0, 1, 3, 5]) {
        const value = await read(db, SENTINEL);
        if (value !== `planted-in-${db}`) throw new Error(`the sentinel of database ${db} is ${value}`);
      }
      if ((await read(0, SECRET_KEY)) !== SECRET_VALUE) throw new Error("database 0's secret was changed");
    },
    async stop() {
      direct.disconnect();
      await gateway.close();
      await redis.stop();
    },
  };
}

/**
 * The routes a command can take: path style, `POST /`, `/pipeline` alone, `/pipeline` after a PING (a one-command
 * pipeline runs on a path of its own, so a batch is attacked separately) and `/multi-exec`.
 */
export type Route = "path" | "/" | "/pipeline" | "/pipeline (batch)" | "/multi-exec";
export const ROUTES: readonly Route[] = ["path", "/", "/pipeline", "/pipeline (batch)", "/multi-exec"];

/**
 * Sends `argv` by `route`, answering the status and the error of the command (for a pipeline, its item's).
 * Path style sends each word percent-encoded.
 */
export async function sendBy(
  pg: Playground,
  token: TokenName,
  route: Route,
  argv: readonly (string | number)[],
): Promise<{ status: number; error?: string; result?: unknown }> {
  if (route === "path") {
    const path = `/${argv.map((word) => encodeURIComponent(String(word))).join("/")}`;
    const answer = await pg.send(token, path);
    return { status: answer.status, error: answer.json?.error, result: answer.json?.result };
  }
  const batch = route === "/pipeline (batch)";
  const body = route === "/" ? argv : batch ? [["PING"], argv] : [argv];
  const pipeline = route === "/pipeline" || batch;
  const answer = await pg.send(token, pipeline ? "/pipeline" : route, body);
  const item = pipeline && Array.isArray(answer.json) ? answer.json[batch ? 1 : 0] : answer.json;
  const status = item?.error !== undefined && answer.status === 200 && pipeline ? 400 : answer.status;
  return { status, error: item?.error, result: Array.isArray(item) ? item[0]?.result : item?.result };
}
