import type {
  Capabilities,
  Engine,
  PoolOptions,
  RedisPool,
  Registry,
  ValidatedRegistry,
} from "@beeredis/core";
import type { Redis } from "ioredis";
import { type TestContext, it as vitestIt } from "vitest";
import type { RedisServer } from "../redis-server.js";

/** One pool the suite asks a target to register. */
export interface PoolSpec {
  readonly code: string;
  readonly db: number;
}

/** A transport and topology under test. */
export interface ConformanceTarget {
  /**
   * Builds an unvalidated registry whose pools reach `server`, one per spec, passing `options` to each.
   * The suite calls it several times (some tests need their own pools or their own server).
   */
  createRegistry(
    server: RedisServer,
    pools: readonly PoolSpec[],
    options?: PoolOptions,
  ): Registry | Promise<Registry>;
  /** The Redis ACL user the target's connections log in as. @default "default" */
  user?: string;
  /**
   * Tests this target cannot run for a reason that is not a capability (a case that needs one declares it, see
   * {@link CaseOptions.needs}), each group with the reason printed in the test output: whole families, or single
   * tests named `family: test name`. A name that matches no test fails the suite, so a renamed test never
   * silently runs again.
   */
  skip?: readonly { reason: string; families?: readonly string[]; tests?: readonly string[] }[];
  /**
   * Closing a subscription does not wait for the server to drop it: over HTTP the stream is aborted, and the
   * endpoint unsubscribes once it sees the request gone. Pub/sub cases then wait (5 s at most) for the PUBSUB
   * counts to fall instead of expecting them at once.
   */
  asyncUnsubscribe?: boolean;
  /**
   * Starts the target's own deployment (a cluster, say) instead of one redis-server: `server` is what
   * `createRegistry` gets, `admin` the direct client cases check the data with, and `reset()` empties every
   * node before each test (default: `admin.flushall()`). `server.stop()` stops it all.
   */
  start?(): Promise<{ server: RedisServer; admin: Redis; reset?(): Promise<void> }>;
}

/** What every case gets: the server, an engine with pools "default" (db 0) and "test" (db 3), and a direct client. */
export interface ConformanceContext {
  server: RedisServer;
  registry: ValidatedRegistry;
  engine: Engine;
  /** The "default" pool, database 0. */
  pool: RedisPool;
  /** A plain ioredis client on database 0 of the same server, to check what the server really holds. */
  admin: Redis;
  target: ConformanceTarget;
}

/** The pools of the shared engine. */
export const POOLS: readonly PoolSpec[] = [
  { code: "default", db: 0 },
  { code: "test", db: 3 },
];

/**
 * What a case needs from the transport, matched against the capabilities the pool declares: each flag as given,
 * and `maxBlockingMs` at least the longest block the case uses (`Infinity` for one that blocks for ever).
 */
export type Needs = Partial<
  Pick<Capabilities, "pubsub" | "watch" | "databases" | "cluster" | "maxBlockingMs">
>;

/** One thing a case needs, and why (printed when a transport lacks it). */
export interface CaseOptions {
  readonly needs: Needs;
  readonly why?: string;
}

/** A case's body; it may take vitest's context, to skip itself with a reason found while running. */
export type CaseFn = (test: TestContext) => Promise<void> | void;

/** What a case needs: one {@link CaseOptions}, or several (each printed with its own why when unmet). */
export type CaseNeeds = CaseOptions | readonly CaseOptions[];

/**
 * `it`, but a test on the target's skip list is reported as skipped with its reason in the name, and one whose
 * needs the pool's capabilities do not meet is skipped when it runs, saying which need and why.
 */
export interface CaseIt {
  (name: string, fn: CaseFn): void;
  (name: string, needs: CaseNeeds, fn: CaseFn): void;
}

/** A family of cases, registered inside its own `describe`. */
export type Cases = (ctx: ConformanceContext, it: CaseIt) => void;

/** `it` for cases that all need the same: `const onOneNode = needing(it, [PUBSUB, ONE_NODE])`. */
export function needing(it: CaseIt, needs: CaseNeeds): (name: string, fn: CaseFn) => void {
  return (name, fn) => it(name, needs, fn);
}

/** Why `capabilities` do not meet `needs`, one phrase per unmet option; empty when every one is met. */
export function unmet(needs: CaseNeeds, capabilities: Capabilities): string[] {
  const options: readonly CaseOptions[] = Array.isArray(needs) ? needs : [needs as CaseOptions];
  return options.flatMap(({ needs, why }) => {
    const missing = Object.entries(needs).filter(([name, wanted]) => {
      const has = capabilities[name as keyof Needs];
      return name === "maxBlockingMs" ? (has as number) < (wanted as number) : has !== wanted;
    });
    if (missing.length === 0) return [];
    const phrase = `it needs ${missing.map(([name, wanted]) => `${name}: ${wanted}`).join(", ")}`;
    return [why === undefined ? phrase : `${phrase} (${why})`];
  });
}

/** @internal */
export function caseIt(
  family: string,
  target: ConformanceTarget,
  ctx: ConformanceContext,
  seen: Set<string>,
): CaseIt {
  return (name: string, second: CaseNeeds | CaseFn, third?: CaseFn) => {
    const full = `${family}: ${name}`;
    seen.add(full);
    const fn = typeof second === "function" ? second : third!;
    const needs = typeof second === "function" ? undefined : second;
    const group = target.skip?.find((g) => g.families?.includes(family) || g.tests?.includes(full));
    if (group) {
      vitestIt.skipIf(true)(`${name} (skipped: ${group.reason})`, fn);
      return;
    }
    if (needs === undefined) {
      vitestIt(name, fn);
      return;
    }
    vitestIt(name, (test) => {
      const capabilities = ctx.pool.getCapabilities();
      const missing = unmet(needs, capabilities);
      if (missing.length > 0) test.skip(`on ${capabilities.name}: ${missing.join("; ")}`);
      return fn(test);
    });
  };
}

/** The families and tests a target's skip list names that the suite does not have (renamed, say). @internal */
export function unknownSkips(
  target: ConformanceTarget,
  families: readonly string[],
  seen: ReadonlySet<string>,
): string[] {
  return (target.skip ?? []).flatMap((group) => [
    ...(group.families ?? []).filter((family) => !families.includes(family)),
    ...(group.tests ?? []).filter((test) => !seen.has(test)),
  ]);
}
