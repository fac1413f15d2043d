/**
 * Fuzzing the gateway over raw HTTP, in front of a real redis-server: any method, path, header and body gets a
 * well-formed JSON answer that leaks nothing, the gateway keeps serving, and nothing is written without a valid
 * read-write token (the server's own counters say so), nor outside a token's database.
 */
import { type RedisServer, startRedis } from "@beeredis/testkit";
import fc from "fast-check";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type Gateway, type GatewayOptions } from "../src/index.js";
import {
  anyRequest,
  authInvalid,
  authNone,
  authReadOnly,
  authReadWrite,
  type RawAnswer,
  type RawRequest,
  SENTINEL,
  send,
  TOKENS,
} from "./fuzz-requests.js";

/** `*2 $4 info $5 stats` as RESP: what reading the bytes counter adds to it. */
const INFO_STATS_BYTES = 25;
/** Only there to catch hangs. */
const HANG_MS = 8000;

describe("fuzz: gateway", () => {
  let redis: RedisServer;
  let gateway: Gateway;
  let admin: Redis;
  let mutating: Set<string>;

  beforeAll(async () => {
    redis = await startRedis();
    gateway = await createGateway({
      redis: redis.url,
      tokens: [
        { token: TOKENS.readWrite },
        { token: TOKENS.readOnly, readOnly: true },
        { token: TOKENS.database3, db: 3 },
      ],
      port: 0,
    });
    admin = new Redis({ host: redis.host, port: redis.port });
    mutating = await mutatingCommands(admin);
  });
  afterAll(async () => {
    admin?.disconnect();
    await gateway?.close();
    await redis?.stop();
  });

  async function answer(req: RawRequest, to: Gateway = gateway): Promise<RawAnswer> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const hang = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${HANG_MS} ms`)), HANG_MS);
    });
    try {
      return await Promise.race([send(to.url, req), hang]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Every answer: a status, JSON, `{ error }` on failure, nothing internal in it, and no 5xx (Redis is healthy). */
  function expectWellFormed(req: RawRequest, res: RawAnswer): void {
    const shown = `${req.method} ${req.path.slice(0, 200)} → ${res.status} ${res.text.slice(0, 300)}`;
    expect(res.status, shown).toBeGreaterThanOrEqual(200);
    expect(res.status, shown).toBeLessThan(500);
    expect(String(res.headers["content-type"]), shown).toMatch(/^application\/json/);
    if (req.method === "HEAD") return;
    const json = JSON.parse(res.text);
    if (res.status >= 400) expect(typeof json.error, shown).toBe("string");
    const sent = `${req.path} ${new TextDecoder().decode(req.body ?? new Uint8Array())}`;
    // A pattern the request itself carried may come back in Redis' own error text; anything else is a leak.
    const leaks = [
      /\n\s+at /,
      /\bat [\w.<>]+ \(/,
      /node:internal|\.ts:\d+/,
      /\/work\/|\/usr\/|\/tmp\//,
      new RegExp(`\\b${redis.port}\\b`),
    ];
    if (res.status >= 400)
      for (const leak of leaks) if (!leak.test(sent)) expect(res.text, shown).not.toMatch(leak);
  }

  const ping = (to: Gateway = gateway) =>
    answer(
      {
        method: "POST",
        path: "/",
        headers: { authorization: `Bearer ${TOKENS.readWrite}` },
        body: new TextEncoder().encode('["PING"]'),
      },
      to,
    );

  async function expectServing(): Promise<void> {
    expect((await ping()).text).toBe('{"result":"PONG"}');
  }

  it("any request gets a well-formed JSON answer with no internals in it, and the gateway keeps serving", async () => {
    const auth = fc.oneof({ weight: 3, arbitrary: authReadWrite }, authReadOnly, authInvalid, authNone);
    await fc.assert(
      fc.asyncProperty(fc.array(anyRequest(auth), { minLength: 1, maxLength: 5 }), async (batch) => {
        for (const { req } of batch) expectWellFormed(req, await answer(req));
        await expectServing();
      }),
      { numRuns: 200 },
    );
  });

  it("without a valid read-write token nothing is written, and without any valid token nothing reaches Redis", async () => {
    const auth = fc.oneof(authNone, authInvalid, authReadOnly);
    await fc.assert(
      fc.asyncProperty(fc.array(anyRequest(auth), { minLength: 1, maxLength: 5 }), async (batch) => {
        await fresh();
        const before = await serverState();
        for (const { auth: given, req } of batch) {
          const mark = await bytesReceived();
          expectWellFormed(req, await answer(req));
          if (given.kind !== "read-only")
            expect(await bytesReceived(), `${req.method} ${req.path}`).toBe(mark + INFO_STATS_BYTES);
        }
        expect(await serverState()).toEqual(before);
        await expectServing();
      }),
      { numRuns: 250 },
    );
  });

  it("a token mapped to database 3 never changes database 0", async () => {
    const scriptFree = anyRequest(authReadWrite).filter(
      ({ req }) =>
        !/eval|fcall|function/i.test(`${req.path} ${new TextDecoder().decode(req.body ?? new Uint8Array())}`),
    );
    const database3 = scriptFree.map(({ auth, req }) => ({
      auth,
      req: auth.header
        ? { ...req, headers: { ...req.headers, authorization: `Bearer ${TOKENS.database3}` } }
        : { ...req, path: req.path.replace(`_token=${TOKENS.readWrite}`, `_token=${TOKENS.database3}`) },
    }));
    await fc.assert(
      fc.asyncProperty(fc.array(database3, { minLength: 1, maxLength: 5 }), async (batch) => {
        await fresh();
        const before = { keyspace: await database0Keys(), sentinel: await admin.get(SENTINEL) };
        for (const { req } of batch) expectWellFormed(req, await answer(req));
        expect({ keyspace: await database0Keys(), sentinel: await admin.get(SENTINEL) }).toEqual(before);
      }),
      { numRuns: 100 },
    );
  });

  it("any timeout options: createGateway refuses them with a TypeError naming the option, or the gateway answers", async () => {
    const timeout = fc.oneof(
      fc.double(),
      fc.constantFrom<unknown>("30d", "25d", "1d", "5s", "0.5ms", "1ms", "-1s", "", "abc", null, {}, 10n),
      fc.string({ maxLength: 4 }),
    );
    const names = ["requestTimeout", "commandTimeout", "closeTimeout"] as const;
    const options = fc.record(
      { requestTimeout: timeout, commandTimeout: timeout, closeTimeout: timeout },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(options, async (given) => {
        const started = await createGateway({
          redis: redis.url,
          tokens: [{ token: TOKENS.readWrite }],
          port: 0,
          ...given,
        } as GatewayOptions).then(
          (value) => ({ ok: true as const, value }),
          (error: unknown) => ({ ok: false as const, error }),
        );
        if (!started.ok) {
          expect(started.error).toBeInstanceOf(TypeError);
          const message = (started.error as Error).message;
          expect(message.startsWith("createGateway: ") && names.some((name) => message.includes(name))).toBe(
            true,
          );
          return;
        }
        try {
          const pong = await ping(started.value);
          // Timeouts under a second may legitimately run out before Redis answers.
          const generous = [given.requestTimeout ?? 10_000, given.commandTimeout ?? 5000].every(
            (t) => (msOf(t) ?? 0) >= 1000,
          );
          if (generous || pong.status === 200) expect(pong.text).toBe('{"result":"PONG"}');
          else expect([503, 504]).toContain(pong.status);
        } finally {
          await started.value.close();
        }
      }),
      {
        numRuns: 60,
        examples: [[{ requestTimeout: "30d" }], [{ requestTimeout: 1e-9 }], [{ commandTimeout: "30d" }]],
      },
    );
  });

  /** Only the sentinel, and no key left with a ttl by earlier runs (its expiry would look like a change). */
  async function fresh(): Promise<void> {
    await admin.flushall();
    await admin.set(SENTINEL, "kept");
  }

  /** What a write would change: data (the dirty counter, database sizes, the sentinel) and runs of mutating commands. */
  async function serverState() {
    const [persistence, keyspace, stats, sentinel] = await Promise.all([
      admin.info("persistence"),
      admin.info("keyspace"),
      admin.info("commandstats"),
      admin.get(SENTINEL),
    ]);
    // Runs of mutating commands (`calls`, `failed_calls`); `rejected_calls` are ones Redis itself refused before
    // running them, such as a write inside an EVAL_RO script.
    const calls = [...stats.matchAll(/^cmdstat_([^:]+):calls=(\d+),.*failed_calls=(\d+)/gm)]
      .filter(([, name]) => mutating.has(name!))
      .map(([, name, ran, failed]) => `${name}:${ran}/${failed}`);
    return {
      dirty: /rdb_changes_since_last_save:(\d+)/.exec(persistence)?.[1],
      keyspace: keyspace.trim(),
      calls,
      sentinel,
    };
  }

  async function database0Keys(): Promise<string | undefined> {
    return /^db0:keys=(\d+)/m.exec(await admin.info("keyspace"))?.[1];
  }

  async function bytesReceived(): Promise<number> {
    return Number(/total_net_input_bytes:(\d+)/.exec(await admin.info("stats"))?.[1]);
  }
});

/**
 * The commands (and subcommands, `config|set`) a read-only token must never run, from the server's COMMAND INFO: flagged
 * `write` or `admin`, in `@write` or `@admin`, or scripting and pub/sub without `readonly`.
 */
async function mutatingCommands(admin: Redis): Promise<Set<string>> {
  const entries = (await admin.call("COMMAND", "INFO")) as unknown[][];
  const out = new Set<string>();
  const visit = (entry: unknown[]) => {
    const flags = entry[2] as string[];
    const categories = entry[6] as string[];
    const scripted = categories.includes("@scripting") || categories.includes("@pubsub");
    const writes =
      flags.includes("write") ||
      flags.includes("admin") ||
      categories.includes("@write") ||
      categories.includes("@admin");
    if (writes || (scripted && !flags.includes("readonly"))) out.add(String(entry[0]).toLowerCase());
    for (const sub of (entry[9] ?? []) as unknown[][]) visit(sub);
  };
  for (const entry of entries) visit(entry);
  return out;
}

/** The milliseconds of a duration written as the SPEC documents it, else undefined. */
function msOf(duration: unknown): number | undefined {
  if (typeof duration === "number") return duration;
  const match = typeof duration === "string" ? /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(duration) : null;
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  return match ? Number(match[1]) * units[match[2]!]! : undefined;
}
