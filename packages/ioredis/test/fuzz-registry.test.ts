/**
 * Property tests of the registry against a real redis-server: any address, database, pool code and options end in a
 * working pool or a ConfigError that names the pool and never shows a password; a pool writes to its own database.
 */
import { ConfigError, type PoolOptions, Registry, TransportError, UnknownPoolError } from "@beeredis/core";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tcp } from "../src/index.js";
import {
  anyDuration,
  type DurationInput,
  expectTyped,
  FuzzServer,
  freshKey,
  settle,
  verdict,
} from "./fuzz-helpers.js";

/** setTimeout's longest delay: the registry may refuse longer timeouts, since they would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Every generated password starts with this, so a message showing any part of one is caught. */
const SECRET = "S3cr3tPw";
/** Commas would split a comma-separated node list inside the password. */
const password = fc.string({ maxLength: 8 }).map((junk) => `${SECRET}${junk.replaceAll(",", "")}`);
/** User names that keep the password in the URL's credentials (a "/" or "@" would move it elsewhere). */
const user = fc.stringMatching(/^[\w.~%!$&'()*+;=-]{0,6}$/);

const garbage = fc.constantFrom<unknown>(null, undefined, 42, Number.NaN, {}, [], true);

const host = (live: string) =>
  fc.oneof(
    fc.constantFrom(live.split(":")[0]!, "localhost", "[::1]", "::1", "redis.internal", "a b", ""),
    fc.domain(),
    fc.string({ maxLength: 12 }),
  );
const port = fc.oneof(fc.integer({ min: -1, max: 70_000 }).map(String), fc.constantFrom("", "x", "6379:1"));
const scheme = fc.constantFrom(
  "",
  "redis://",
  "rediss://",
  "REDIS://",
  "unix://",
  "http://",
  "https://",
  "ftp://",
);

/** Addresses built from plausible parts (with and without credentials and a /db path), plus random text. */
const address = (live: string) =>
  fc.oneof(
    fc
      .record({
        scheme,
        user: fc.option(user),
        password: fc.option(password),
        host: host(live),
        port: fc.option(port),
        path: fc.option(fc.oneof(fc.nat(17).map(String), fc.string({ maxLength: 4 }))),
      })
      .map((p) => {
        const credentials =
          p.user !== null || p.password !== null ? `${p.user ?? ""}:${p.password ?? ""}@` : "";
        const at = p.port === null ? "" : `:${p.port}`;
        return `${p.scheme}${credentials}${p.host}${at}${p.path === null ? "" : `/${p.path}`}`;
      }),
    fc.webUrl(),
    fc.string(),
    fc.constant(live),
    garbage,
  );

const db = fc.oneof(
  fc.integer({ min: -1, max: 16 }),
  fc.double(),
  fc.constantFrom<unknown>("3", null, undefined),
);
const code = fc.oneof(
  fc.constantFrom("default", "test", "", "__proto__"),
  fc.string({ maxLength: 8 }),
  garbage,
);
const poolOptions = fc.oneof(
  fc.constantFrom(undefined, null),
  fc.record(
    {
      username: fc.string({ maxLength: 6 }),
      password,
      commandTimeout: anyDuration.map(({ input }) => input),
      connectTimeout: anyDuration.map(({ input }) => input),
    },
    { requiredKeys: [] },
  ),
);

interface Registration {
  address: unknown;
  db: unknown;
  code: unknown;
  options: unknown;
}

function register(registry: Registry, { address, db, code, options }: Registration): void {
  registry.registerRedis(address as string, db as number, code as string, options as PoolOptions);
}

describe("fuzz: registry", () => {
  let redis: FuzzServer;

  beforeAll(async () => {
    redis = await FuzzServer.start();
  });
  afterAll(() => redis?.stop());

  it("any registrations: validate() gives the pools as registered, or a ConfigError naming a pool, never a password, and sends nothing", async () => {
    const registration = fc.record({ address: address(redis.address), db, code, options: poolOptions });
    await fc.assert(
      fc.asyncProperty(fc.array(registration, { minLength: 1, maxLength: 3 }), async (registrations) => {
        const registry = new Registry({ transport: tcp() });
        const mark = await redis.bytesReceived();
        const outcome = await settle(() => {
          for (const entry of registrations) register(registry, entry);
          return registry.validate();
        });
        expect(await redis.bytesSince(mark)).toBe(0);
        if (!outcome.ok) {
          expectTyped(outcome, ConfigError);
          const message = (outcome.error as Error).message;
          expect(message).not.toContain(SECRET);
          const named = (r: Registration) =>
            message.includes(`pool "${r.code === undefined ? "default" : String(r.code)}"`);
          expect(registrations.some(named)).toBe(true);
          return;
        }
        const engine = outcome.value.createEngine();
        for (const entry of registrations) {
          const config = engine.getRedis(entry.code as string).getPoolConfig();
          expect(config.getCode()).toBe(entry.code ?? "default");
          expect(config.getDatabase()).toBe(entry.db ?? 0);
          expect(config.getAddress()).not.toContain(SECRET);
        }
        expect(() => engine.getRedis(`${String(registrations[0]!.code)}-unregistered`)).toThrow(
          UnknownPoolError,
        );
        await outcome.value.close();
      }),
      { numRuns: 300 },
    );
  });

  it("cluster and sentinel registrations of any shape: a registry or a ConfigError, never a password", async () => {
    const nodes = fc.oneof(
      fc.array(address(redis.address), { maxLength: 3 }),
      address(redis.address),
      fc.array(address(redis.address), { minLength: 1, maxLength: 3 }).map((list) => list.join(",")),
    );
    const topology = fc.oneof(
      fc.record({ kind: fc.constant("cluster" as const), nodes }),
      fc.record({
        kind: fc.constant("sentinel" as const),
        nodes,
        master: fc.oneof(fc.string(), garbage),
        db,
      }),
    );
    await fc.assert(
      fc.asyncProperty(topology, code, poolOptions, async (pool, name, options) => {
        const registry = new Registry({ transport: tcp() });
        const outcome = await settle(() => {
          const given = options as PoolOptions;
          if (pool.kind === "cluster")
            registry.registerRedisCluster(pool.nodes as string[], name as string, given);
          else {
            const { master, db: index, nodes: sentinels } = pool;
            registry.registerRedisSentinel(
              master as string,
              index as number,
              sentinels as string[],
              name as string,
              given,
            );
          }
          return registry.validate();
        });
        if (outcome.ok) {
          expect(outcome.value.getPoolConfigs()[0]!.getAddress()).not.toContain(SECRET);
          await outcome.value.close();
        } else {
          expectTyped(outcome, ConfigError);
          expect((outcome.error as Error).message).not.toContain(SECRET);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("any commandTimeout and connectTimeout: a ConfigError, or a pool that answers", async () => {
    const timeouts = fc.record({ command: anyDuration, connect: anyDuration, onPool: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(timeouts, async (given) => {
        // An unset (nullish) timeout is the default.
        const [command, connect] = [given.command, given.connect].map((d) =>
          d.input == null ? { ...d, ms: 5000 } : d,
        ) as [DurationInput, DurationInput];
        const onPool = given.onPool;
        const timeouts = { commandTimeout: command.input, connectTimeout: connect.input } as PoolOptions;
        const registry = onPool
          ? new Registry({ transport: tcp() }).registerRedis(redis.address, 0, "default", timeouts)
          : new Registry({ transport: tcp(), ...timeouts }).registerRedis(redis.address, 0);
        const validated = await settle(() => registry.validate());
        const positive = (ms: number) => ms > 0;
        const verdicts = [verdict(command, positive), verdict(connect, positive)];
        if (!validated.ok) {
          expectTyped(validated, ConfigError);
          const beyondTimers = [command, connect].some(
            ({ ms }) => typeof ms === "number" && ms > MAX_TIMER_MS,
          );
          expect(verdicts.includes("refuse") || verdicts.includes("either") || beyondTimers).toBe(true);
          return;
        }
        expect(verdicts).not.toContain("refuse");
        const ping = await settle(() => validated.value.createEngine().getRedis().ping());
        // A timeout under a second may legitimately expire before the reply (or the connection) arrives.
        const generous = [command, connect].every(({ ms }) => typeof ms === "number" && ms >= 1000);
        if (generous || ping.ok) expect(ping).toEqual({ ok: true, value: "PONG" });
        else expectTyped(ping, TransportError);
        await validated.value.close();
      }),
      {
        numRuns: 150,
        examples: [
          [
            {
              command: { input: "30d", ms: 30 * 86_400_000 },
              connect: { input: 1000, ms: 1000 },
              onPool: false,
            },
          ],
        ],
      },
    );
  });

  it("a pool on any database, under any code, writes to that database only", async () => {
    const shapes = fc.constantFrom("host:port", "redis://", "redis:///db", "localhost");
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 15 }),
        fc.string({ minLength: 1 }),
        shapes,
        async (index, name, shape) => {
          const live = redis.address;
          const port = redis.server.port;
          const location = {
            "host:port": live,
            "redis://": `redis://${live}`,
            "redis:///db": `redis://${live}/${index}`,
            localhost: `localhost:${port}`,
          }[shape];
          const validated = await new Registry({ transport: tcp() })
            .registerRedis(location, index, name)
            .validate({ connect: true });
          try {
            const pool = validated.createEngine().getRedis(name);
            expect(pool.getPoolConfig().getDatabase()).toBe(index);
            const key = freshKey("db");
            expect(await pool.set(key, name)).toBe("OK");
            await redis.admin.select(index);
            expect(await redis.admin.get(key)).toBe(name);
            await redis.admin.select((index + 1) % 16);
            expect(await redis.admin.exists(key)).toBe(0);
          } finally {
            await redis.admin.select(0);
            await validated.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
