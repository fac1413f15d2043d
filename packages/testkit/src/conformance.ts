/**
 * The transport conformance suite every transport and topology runs (it needs vitest):
 * `runConformance(name, { createRegistry, skip })`.
 * @module @beeredis/testkit/conformance
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { aclCases } from "./conformance/acl.case.js";
import { adminCases } from "./conformance/admin.case.js";
import { argumentCases } from "./conformance/arguments.case.js";
import { batchCases } from "./conformance/batch.case.js";
import { binaryCases } from "./conformance/binary.case.js";
import { bitmapCases } from "./conformance/bitmaps.case.js";
import { callCases } from "./conformance/call.case.js";
import { clusterCases } from "./conformance/cluster.case.js";
import {
  type Cases,
  type ConformanceContext,
  type ConformanceTarget,
  caseIt,
  POOLS,
  unknownSkips,
} from "./conformance/context.js";
import { forbiddenCases } from "./conformance/forbidden.case.js";
import { functionCases } from "./conformance/functions.case.js";
import { geoCases } from "./conformance/geo.case.js";
import { hashesCases } from "./conformance/hashes.case.js";
import { hookCases } from "./conformance/hooks.case.js";
import { hyperLogLogCases } from "./conformance/hyperloglog.case.js";
import { iteratorCases } from "./conformance/iterators.case.js";
import { keyCases } from "./conformance/keys.case.js";
import { listsCases } from "./conformance/lists.case.js";
import { lockCases } from "./conformance/lock.case.js";
import { namespaceCases } from "./conformance/namespace.case.js";
import { outageCases } from "./conformance/outage.case.js";
import { pubsubCases } from "./conformance/pubsub.case.js";
import { rateLimitCases } from "./conformance/rate-limit.case.js";
import { registryCases } from "./conformance/registry.case.js";
import { replicationCases } from "./conformance/replication.case.js";
import { scriptingCases } from "./conformance/scripting.case.js";
import { serverCases } from "./conformance/server.case.js";
import { setsCases } from "./conformance/sets.case.js";
import { sortedSetsCases } from "./conformance/sorted-sets.case.js";
import { streamCases } from "./conformance/streams.case.js";
import { stringExtraCases } from "./conformance/string-extras.case.js";
import { stringCases } from "./conformance/strings.case.js";
import { valueCases } from "./conformance/values.case.js";
import { watchCases } from "./conformance/watch.case.js";
import { startRedis } from "./redis-server.js";

const FAMILIES: Record<string, Cases> = {
  registry: registryCases,
  forbidden: forbiddenCases,
  strings: stringCases,
  "string extras": stringExtraCases,
  call: callCases,
  keys: keyCases,
  hashes: hashesCases,
  lists: listsCases,
  sets: setsCases,
  "sorted sets": sortedSetsCases,
  iterators: iteratorCases,
  bitmaps: bitmapCases,
  hyperloglog: hyperLogLogCases,
  geo: geoCases,
  streams: streamCases,
  functions: functionCases,
  pubsub: pubsubCases,
  watch: watchCases,
  "rate limiter": rateLimitCases,
  locker: lockCases,
  server: serverCases,
  admin: adminCases,
  replication: replicationCases,
  acl: aclCases,
  cluster: clusterCases,
  scripting: scriptingCases,
  batch: batchCases,
  binary: binaryCases,
  values: valueCases,
  arguments: argumentCases,
  namespaces: namespaceCases,
  hooks: hookCases,
  outage: outageCases,
};

/**
 * The transport conformance suite: every command method against a real redis-server it starts.
 * Each transport's test file is one call.
 * @example runConformance("tcp", { createRegistry: (server, pools) => ... });
 */
export function runConformance(name: string, target: ConformanceTarget): void {
  describe(`conformance (${name})`, () => {
    const ctx = { target } as ConformanceContext;
    let reset: (() => Promise<unknown>) | undefined;
    beforeAll(async () => {
      if (target.start) {
        const started = await target.start();
        ctx.server = started.server;
        ctx.admin = started.admin;
        reset = started.reset;
      } else {
        ctx.server = await startRedis();
        ctx.admin = new Redis({
          host: ctx.server.host,
          port: ctx.server.port,
          protocol: 2,
          lazyConnect: true,
        });
      }
      ctx.registry = await (await target.createRegistry(ctx.server, POOLS)).validate();
      ctx.engine = ctx.registry.createEngine();
      ctx.pool = ctx.engine.getRedis();
    });
    afterAll(async () => {
      await ctx.registry?.close();
      ctx.admin?.disconnect();
      await ctx.server?.stop();
    });
    beforeEach(async () => {
      await (reset ? reset() : ctx.admin.flushall());
    });
    const seen = new Set<string>();
    for (const [family, cases] of Object.entries(FAMILIES)) {
      describe(family, () => cases(ctx, caseIt(family, target, ctx, seen)));
    }
    // Runs once every family is collected: a renamed test must not silently run again on a target that skips it.
    it("the target's skip list names only tests the suite has", () => {
      expect(unknownSkips(target, Object.keys(FAMILIES), seen)).toEqual([]);
    });
  });
}

export type {
  CaseFn,
  CaseIt,
  CaseOptions,
  Cases,
  ConformanceContext,
  ConformanceTarget,
  Needs,
  PoolSpec,
} from "./conformance/context.js";
export { type DifferentialTarget, runDifferential } from "./differential/index.js";
