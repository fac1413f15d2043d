/**
 * One canonical command name: a padded or look-alike name is refused on every route, never trimmed or
 * case-mapped into another command, and what the policy judges is what Redis receives.
 */
import { blockingMs, Registry } from "@beeredis/core";
import { tcp } from "@beeredis/ioredis";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CommandPolicy } from "../../src/policy/policy.js";
import { type Playground, playground, REDIS_PASSWORD, ROUTES, sendBy, type TokenName } from "./fixture.js";

/** Blanks Unicode knows, each able to hide in front of or after a name. */
const PADS = [" ", "\t", "\n", "\r", "\v", "\f", "\u00a0", "\ufeff", "\u2000", "\u2028", "\u3000", "\u0000"];
/** Names JavaScript's toUpperCase() maps onto real commands: "ſet" → "SET", "ﬂushdb" → "FLUSHDB". */
const LOOK_ALIKES = ["ſet", "ıncr", "ﬂushdb", "ﬂushall", "evalſha", "ſwapdb", "aclſetuſer", "conﬁg"];

describe("canonical command names", () => {
  let pg: Playground;
  beforeAll(async () => {
    pg = await playground();
  });
  afterAll(() => pg.stop());

  const tokens: TokenName[] = ["readOnly", "tenant"];

  it("refuses padded names on every route, and nothing runs", async () => {
    const before = await commandCalls(pg);
    for (const token of tokens) {
      for (const route of ROUTES) {
        for (const pad of PADS) {
          for (const argv of [
            [`${pad}flushall`],
            [`flushdb${pad}`],
            [`${pad}swapdb`, "0", "3"],
            [`${pad}set`, "sentinel", "x"],
          ]) {
            const answer = await sendBy(pg, token, route, argv);
            expect(answer.status, `${token} ${route} ${JSON.stringify(argv)}`).toBe(400);
            expect(answer.error).toMatch(/command name must be ASCII letters/);
          }
        }
      }
    }
    await pg.assertIntact();
    const names = ["flushall", "flushdb", "swapdb", "set"];
    expect(pick(await commandCalls(pg), names)).toEqual(pick(before, names));
  });

  it("refuses look-alike names on every route, and nothing runs", async () => {
    const before = await commandCalls(pg);
    for (const token of tokens) {
      for (const route of ROUTES) {
        for (const name of LOOK_ALIKES) {
          const answer = await sendBy(pg, token, route, [name, "sentinel", "x"]);
          expect(answer.status, `${token} ${route} ${name}`).toBe(400);
        }
      }
    }
    await pg.assertIntact();
    const names = ["flushall", "flushdb", "set", "incr", "evalsha"];
    expect(pick(await commandCalls(pg), names)).toEqual(pick(before, names));
  });

  it("judges a container's subcommand canonically: a padded or look-alike CONFIG SET is refused", async () => {
    for (const sub of [" set", "ſet", "SET\u00a0", "get\t"]) {
      const answer = await sendBy(pg, "admin", "/", ["CONFIG", sub, "maxmemory", "1"]);
      expect(answer.status, JSON.stringify(sub)).toBe(400);
    }
    expect(await pg.direct.config("GET", "maxmemory")).toEqual(["maxmemory", "0"]);
  });

  it("property: for any name, the policy refuses it, or sends exactly its ASCII upper case, which is plain", () => {
    const policy = new CommandPolicy(new Set());
    const grant = { db: 0, role: "admin" as const };
    const name = fc.oneof(
      fc.string({ unit: "binary", maxLength: 12 }),
      fc.constantFrom(...LOOK_ALIKES),
      fc
        .tuple(
          fc.constantFrom(...PADS, ""),
          fc.constantFrom("get", "flushall", "Set"),
          fc.constantFrom(...PADS, ""),
        )
        .map(([a, n, b]) => a + n + b),
    );
    fc.assert(
      fc.property(name, (raw) => {
        let sent: string | undefined;
        try {
          sent = policy.check([raw, "k"], grant).argv[0];
        } catch {
          return; // refused: nothing is sent
        }
        expect(sent).toMatch(/^[A-Z0-9_.|-]+$/);
        expect(sent).toBe(raw.toUpperCase());
        expect(sent.toLowerCase()).toBe(raw.toLowerCase());
      }),
      { numRuns: 500 },
    );
  });

  it("property: what the policy lets through reaches Redis under that very name (INFO commandstats)", async () => {
    // A direct pool on the same server stands in for the gateway's lane: the policy's argv goes through core.
    const registry = new Registry({ transport: tcp() });
    registry.registerRedis(pg.redis.url, 0, "default", { password: REDIS_PASSWORD });
    const validated = await registry.validate();
    const pool = validated.createEngine().getRedis();
    const policy = new CommandPolicy(new Set());
    const grant = { db: 0, role: "admin" as const };
    try {
      const variants = fc
        .tuple(
          fc.constantFrom("echo", "ping", "time", "dbsize"),
          fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        )
        .map(([word, upper]) => [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(""));
      await fc.assert(
        fc.asyncProperty(variants, async (raw) => {
          const verdict = policy.check(raw === "echo" || /^echo$/i.test(raw) ? [raw, "x"] : [raw], grant);
          const before = await commandCalls(pg);
          const [name, ...args] = verdict.argv;
          await pool.callBytes(name, ...args);
          const after = await commandCalls(pg);
          const judged = name.toLowerCase();
          expect(after[judged] ?? 0).toBe((before[judged] ?? 0) + 1);
          expect(blockingMs(verdict.argv)).toBeUndefined();
        }),
        { numRuns: 40 },
      );
    } finally {
      await validated.close();
    }
  });
});

/** Calls per command name, from INFO commandstats (the direct client's own INFO calls included). */
async function commandCalls(pg: Playground): Promise<Record<string, number>> {
  const info = await pg.direct.info("commandstats");
  const calls: Record<string, number> = {};
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls[match[1]!] = Number(match[2]);
  return calls;
}

function pick(calls: Record<string, number>, names: readonly string[]): Record<string, number> {
  return Object.fromEntries(names.map((name) => [name, calls[name] ?? 0]));
}
