/**
 * @module The differential suite: random sequences of valid commands, per family, run through a transport's typed
 * methods (directly, in pipelines, in transactions, and through `call`/`callBytes`) and raw through a plain
 * ioredis client; every result must be the raw reply decoded by the documented rules, and both databases must end
 * with the same data.
 */
import type { ValidatedRegistry } from "@beeredis/core";
import fc from "fast-check";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { ConformanceTarget } from "../conformance/context.js";
import { type RedisServer, startRedis } from "../redis-server.js";
import { bits } from "./families/bits.js";
import { geo } from "./families/geo.js";
import { hashes } from "./families/hashes.js";
import { keys } from "./families/keys.js";
import { lists } from "./families/lists.js";
import { scripting } from "./families/scripting.js";
import { sets } from "./families/sets.js";
import { sortedSets } from "./families/sorted-sets.js";
import { streams } from "./families/streams.js";
import { strings } from "./families/strings.js";
import { checkSequence, MODES, type Sides } from "./harness.js";
import type { Family } from "./op.js";

const FAMILIES: Record<string, Family> = {
  strings,
  keys,
  hashes,
  lists,
  sets,
  "sorted sets": sortedSets,
  "bitmaps and hyperloglog": bits,
  geo,
  streams,
  scripting,
};

/** The transport under test. */
export interface DifferentialTarget {
  /** Builds an unvalidated registry whose pool "default" reaches database 0 of `server`. */
  createRegistry: ConformanceTarget["createRegistry"];
  /** Byte arguments must be valid UTF-8 (the HTTP transport sends arguments as JSON text). */
  textOnlyArguments?: boolean;
  /**
   * Sequences per family. Each is a few commands on each side plus a comparison of the data.
   * @default 30
   */
  numRuns?: number;
}

/**
 * Runs the differential suite against `target`: one test per command family.
 * @example runDifferential("tcp", { createRegistry: (server, pools) => ... });
 */
export function runDifferential(name: string, target: DifferentialTarget): void {
  describe(`differential (${name})`, () => {
    let server: RedisServer;
    let registry: ValidatedRegistry;
    let sides: Sides;
    beforeAll(async () => {
      server = await startRedis();
      registry = await (await target.createRegistry(server, [{ code: "default", db: 0 }])).validate();
      const client = (db: number) =>
        new Redis({ host: server.host, port: server.port, db, protocol: 2, stringNumbers: true });
      sides = { pool: registry.createEngine().getRedis(), typedDb: client(0), rawDb: client(1) };
    });
    afterAll(async () => {
      await registry?.close();
      sides?.typedDb.disconnect();
      sides?.rawDb.disconnect();
      await server?.stop();
    });
    const inputs = { textOnly: target.textOnlyArguments ?? false };
    for (const [family, ops] of Object.entries(FAMILIES)) {
      it(family, async () => {
        const sequence = fc.array(fc.oneof(...ops(inputs)), { minLength: 1, maxLength: 6 });
        await fc.assert(
          fc.asyncProperty(sequence, fc.constantFrom(...MODES), (list, mode) =>
            checkSequence(sides, list, mode),
          ),
          { numRuns: target.numRuns ?? 30 },
        );
      });
    }
  });
}
