import type { Engine, PoolOptions, RedisPool, Registry, ValidatedRegistry } from "@beeredis/core";
import type { Redis } from "ioredis";
import { it as vitestIt } from "vitest";
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
   * Tests this target cannot run, each group with the reason printed in the test output: whole families, or
   * single tests named `family: test name`.
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

/** `it`, but a test on the target's skip list is reported as skipped with its reason in the name. */
export type CaseIt = (name: string, fn: () => Promise<void> | void) => void;

/** A family of cases, registered inside its own `describe`. */
export type Cases = (ctx: ConformanceContext, it: CaseIt) => void;

/** @internal */
export function caseIt(family: string, target: ConformanceTarget): CaseIt {
  return (name, fn) => {
    const full = `${family}: ${name}`;
    const group = target.skip?.find((g) => g.families?.includes(family) || g.tests?.includes(full));
    if (group) vitestIt.skipIf(true)(`${name} (skipped: ${group.reason})`, fn);
    else vitestIt(name, fn);
  };
}
