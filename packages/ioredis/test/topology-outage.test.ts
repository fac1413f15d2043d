/**
 * Every server of a Cluster or Sentinel pool down and back: the pool fails fast without sending, naming itself,
 * and recovers by itself; nothing it refused ran.
 */
import {
  Registry,
  type TransportError,
  type Registry as Unvalidated,
  type ValidatedRegistry,
} from "@beeredis/core";
import { eventually, startCluster, startSentinel, timeRefusals, untilRefusedUnsent } from "@beeredis/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tcp } from "../src/index.js";

/** A deployment under test: how to register its pool, and how to take all of it down and back. */
interface Deployment {
  register(registry: Unvalidated): Unvalidated;
  /** How the pool's address starts in its errors. */
  label: string;
  down(): Promise<unknown>;
  up(): Promise<unknown>;
  stop(): Promise<void>;
}

const deployments: Record<string, () => Promise<Deployment>> = {
  async cluster() {
    const cluster = await startCluster({ masters: 3, replicasPerMaster: 0 });
    const servers = cluster.nodes.map((node) => node.server);
    return {
      register: (registry) => registry.registerRedisCluster(cluster.addresses),
      label: 'Redis pool "default" (cluster(',
      down: () => Promise.all(servers.map((server) => server.down())),
      up: () => Promise.all(servers.map((server) => server.up())),
      stop: () => cluster.stop(),
    };
  },
  async sentinel() {
    const sentinel = await startSentinel();
    const [master, replica] = sentinel.servers;
    return {
      register: (registry) => registry.registerRedisSentinel(sentinel.masterName, 0, sentinel.sentinels),
      label: 'Redis pool "default" (sentinel(mymaster@',
      down: () => Promise.all([master!.down(), replica!.down()]),
      // The master first, so the Sentinels find it where they left it.
      up: async () => {
        await master!.up();
        await replica!.up();
      },
      stop: () => sentinel.stop(),
    };
  },
};

describe.each(Object.keys(deployments))("%s outage", (kind) => {
  let deployment: Deployment;
  let registry: ValidatedRegistry;

  beforeAll(async () => {
    deployment = await deployments[kind]!();
    const unvalidated = new Registry({ transport: tcp(), commandTimeout: 1000, connectTimeout: 1000 });
    registry = await deployment.register(unvalidated).validate({ connect: true });
  });
  afterAll(async () => {
    await registry?.close();
    await deployment?.stop();
  });

  it("every server down: calls reject fast, unsent, naming the pool; back: calls flow again, nothing counted twice", async () => {
    const pool = registry.createEngine().getRedis();
    expect(await pool.set("k", "v")).toBe("OK");
    let unknown = 0; // INCRs whose outcome is unknown (sent: true): each may have run
    const incr = () =>
      pool.incr("n").catch((error: TransportError) => {
        if (error.sent) unknown++;
        throw error;
      });
    await deployment.down();
    const known = await untilRefusedUnsent(incr);
    expect(known.message).toContain(deployment.label);
    // Far less than one command timeout per call: none of them waited one out.
    expect(await timeRefusals(incr, 20)).toBeLessThan(4000);
    await deployment.up();
    // The restarted servers are empty: an INCR refused unsent that ran anyway would push the count past this.
    const value = await eventually(incr, 30_000);
    expect(value).toBeGreaterThanOrEqual(1);
    expect(value).toBeLessThanOrEqual(1 + unknown);
  });
});
