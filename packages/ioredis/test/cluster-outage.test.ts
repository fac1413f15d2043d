/** A whole Redis Cluster down and back: the cluster pool fails fast without sending, and recovers by itself. */
import { Registry, type ValidatedRegistry } from "@beeredis/core";
import {
  eventually,
  type RedisCluster,
  startCluster,
  timeRefusals,
  untilRefusedUnsent,
} from "@beeredis/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tcp } from "../src/index.js";

describe("cluster outage", () => {
  let cluster: RedisCluster;
  let registry: ValidatedRegistry;

  beforeAll(async () => {
    cluster = await startCluster({ masters: 3, replicasPerMaster: 0 });
    registry = await new Registry({ transport: tcp(), commandTimeout: 1000, connectTimeout: 1000 })
      .registerRedisCluster(cluster.addresses)
      .validate();
  });
  afterAll(async () => {
    await registry?.close();
    await cluster?.stop();
  });

  it("every node down: calls reject fast with TransportError, unsent; back: calls flow again, nothing counted twice", async () => {
    const pool = registry.createEngine().getRedis();
    expect(await pool.set("k", "v")).toBe("OK");
    await Promise.all(cluster.nodes.map((node) => node.server.down()));
    const known = await untilRefusedUnsent(() => pool.incr("n"));
    expect(known.message).toContain('Redis pool "default" (cluster(');
    // Far less than one command timeout per call: none of them waited one out.
    expect(await timeRefusals(() => pool.incr("n"), 20)).toBeLessThan(4000);
    await Promise.all(cluster.nodes.map((node) => node.server.up()));
    expect(await eventually(() => pool.incr("n"), 30_000)).toBe(1);
  });
});
