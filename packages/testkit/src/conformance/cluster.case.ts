import { InvalidArgumentError, type RedisPool } from "@beeredis/core";
import { expect } from "vitest";
import { freePort } from "../free-port.js";
import type { Cases } from "./context.js";
import { NO_CLUSTER_SUPPORT } from "./needs.js";
import { withPrivateServers } from "./private-server.js";

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A cluster-enabled server; the bus port is picked free too (port + 10000 may be taken or out of range). */
async function clusterNode(busPort?: number) {
  return { args: ["--cluster-enabled", "yes", "--cluster-port", String(busPort ?? (await freePort()))] };
}

const knows = async (pool: RedisPool, id: string) => (await pool.clusterNodes()).includes(id);

/** CLUSTER subcommands against two private cluster-enabled servers. */
export const clusterCases: Cases = (ctx, it) => {
  it(
    "on a server without cluster support every CLUSTER subcommand is a ReplyError",
    NO_CLUSTER_SUPPORT,
    async () => {
      await expect(ctx.pool.clusterInfo()).rejects.toMatchObject({ message: /cluster support disabled/ });
      await expect(ctx.pool.clusterKeyslot("foo")).rejects.toMatchObject({ code: "REPLY_ERROR" });
      await expect(ctx.pool.clusterHelp()).rejects.toMatchObject({ code: "REPLY_ERROR" });
    },
  );

  it("slots, keys, epochs and node info on a single node (private cluster node)", async () => {
    await withPrivateServers(ctx, [await clusterNode()], async ([node]) => {
      const pool = node!.pool;
      const id = await pool.clusterMyid();
      expect(id).toMatch(/^[0-9a-f]{40}$/);
      expect((await pool.clusterHelp()).join("\n")).toMatch(/ADDSLOTS/);
      expect(await pool.clusterSetConfigEpoch(7)).toBe("OK");
      expect(await pool.clusterInfo()).toMatch(/cluster_state:fail/);
      expect(await pool.clusterKeyslot("foo")).toBe(12182);
      expect(await pool.clusterKeyslot("{user:1}:name")).toBe(await pool.clusterKeyslot("user:1"));
      expect(await pool.clusterAddslots(0, 1, 2)).toBe("OK");
      expect(
        await pool.clusterAddslotsrange([
          [3, 100],
          [101, 16383],
        ]),
      ).toBe("OK");
      await until(async () => /cluster_state:ok/.test(await pool.clusterInfo()), "cluster_state:ok");
      expect(await pool.clusterBumpepoch()).toMatch(/^(BUMPED|STILL) \d+$/);

      await pool.set("foo", "bar");
      expect(await pool.clusterCountkeysinslot(12182)).toBe(1);
      expect(await pool.clusterGetkeysinslot(12182, 10)).toEqual(["foo"]);
      const [range] = await pool.clusterSlots();
      expect(range).toMatchObject({
        start: 0,
        end: 16383,
        master: { id, port: node!.server.port },
        replicas: [],
      });
      const [shard] = await pool.clusterShards();
      expect(shard!.slots).toEqual([[0, 16383]]);
      expect(shard!.nodes[0]).toMatchObject({ id, port: node!.server.port, role: "master" });
      expect(await pool.clusterNodes()).toMatch(new RegExp(`^${id} .*myself,master`, "m"));
      expect(await pool.clusterLinks()).toEqual([]);

      expect(await pool.clusterDelslots(0)).toBe("OK");
      expect(await pool.clusterDelslotsrange([[1, 2]])).toBe("OK");
      expect(await pool.clusterAddslotsrange([[0, 2]])).toBe("OK");
      expect(await pool.clusterSetslot(5, { node: id })).toBe("OK");
      expect(await pool.clusterSetslot(5, { stable: true })).toBe("OK");
      expect(await pool.clusterSaveconfig()).toBe("OK");
      expect(await pool.clusterCountFailureReports(id)).toBe(0);
      await expect(pool.clusterFailover()).rejects.toMatchObject({ message: /replica/ });
      await expect(pool.clusterReplicate(id)).rejects.toMatchObject({ message: /replicate myself/ });
      await expect(pool.clusterForget(id)).rejects.toMatchObject({ message: /forget myself/ });
      await expect(pool.clusterFlushslots()).rejects.toMatchObject({ message: /DB must be empty/ });
    });
  });

  it("meet, replicate, replicas, failover, forget, flushslots and reset (two private cluster nodes)", async () => {
    const busPort = await freePort();
    await withPrivateServers(ctx, [await clusterNode(), await clusterNode(busPort)], async ([a, b]) => {
      const [primary, other] = [a!.pool, b!.pool];
      const [aId, bId] = [await primary.clusterMyid(), await other.clusterMyid()];
      expect(await primary.clusterAddslotsrange([[0, 16383]])).toBe("OK");
      expect(await other.clusterFlushslots()).toBe("OK"); // no slots and no keys: nothing to do, but allowed

      expect(await primary.clusterMeet(b!.server.host, b!.server.port, busPort)).toBe("OK");
      await until(async () => (await knows(other, aId)) && (await knows(primary, bId)), "the nodes to meet");
      await until(async () => (await primary.clusterLinks()).length === 2, "the cluster links");
      const links = await primary.clusterLinks();
      expect(links.map((link) => link.direction).sort()).toEqual(["from", "to"]);
      expect(links[0]).toMatchObject({ node: bId, "create-time": expect.any(Number) });
      expect(await primary.clusterSetslot(5, { migrating: bId })).toBe("OK");
      expect(await primary.clusterSetslot(5, { stable: true })).toBe("OK");

      expect(await other.clusterReplicate(aId)).toBe("OK");
      await until(
        async () => (await primary.clusterReplicas(aId)).some((line) => line.startsWith(bId)),
        "the replica",
      );
      expect((await primary.clusterSlaves(aId))[0]).toMatch(new RegExp(`^${bId} .*slave ${aId}`));
      expect(await primary.clusterCountFailureReports(bId)).toBe(0);

      expect(await other.clusterFailover("TAKEOVER")).toBe("OK");
      await until(async () => (await other.role()).role === "master", "the takeover");

      expect(await other.clusterForget(aId)).toBe("OK");
      expect(await knows(other, aId)).toBe(false);
      expect(await other.clusterReset("HARD")).toBe("OK");
      expect(await other.clusterMyid()).not.toBe(bId);
    });
  });

  it("bad slots, ranges and node ids are refused before sending", async () => {
    const bad: (() => Promise<unknown>)[] = [
      () => ctx.pool.clusterAddslots(),
      () => ctx.pool.clusterAddslots(16384),
      () => ctx.pool.clusterDelslots(-1),
      () => ctx.pool.clusterAddslotsrange([]),
      () => ctx.pool.clusterDelslotsrange([[1] as never]),
      () => ctx.pool.clusterCountkeysinslot(1.5),
      () => ctx.pool.clusterGetkeysinslot(1, 0),
      () => ctx.pool.clusterForget("not-an-id"),
      () => ctx.pool.clusterReplicate(""),
      () => ctx.pool.clusterSetslot(1, {} as never),
      () => ctx.pool.clusterFailover("NOW" as never),
      () => ctx.pool.clusterReset("FULL" as never),
      () => ctx.pool.clusterMeet("h", 0),
    ];
    for (const call of bad) await expect(call()).rejects.toBeInstanceOf(InvalidArgumentError);
  });
};
