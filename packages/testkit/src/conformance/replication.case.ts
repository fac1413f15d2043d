import { InvalidArgumentError, type RedisPool, ReplyError } from "@beeredis/core";
import { expect } from "vitest";
import type { Cases } from "./context.js";
import { withPrivateServers } from "./private-server.js";

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const isPrimary = async (pool: RedisPool) => (await pool.role()).role === "master";
const isConnectedReplica = async (pool: RedisPool) => {
  const role = await pool.role();
  return role.role === "slave" && role.state === "connected";
};

type ServerRole = Awaited<ReturnType<RedisPool["role"]>>;

/** REPLICAOF, SLAVEOF, ROLE, WAIT and FAILOVER between two private servers. */
export const replicationCases: Cases = (ctx, it) => {
  it("replicaof, role, wait, failover and slaveof (two private servers)", async () => {
    // No 5 s wait for more replicas before a diskless full sync (the default delay).
    const fast = { args: ["--repl-diskless-sync-delay", "0"] };
    await withPrivateServers(ctx, [fast, fast], async ([a, b]) => {
      const primary = a!.pool;
      const replica = b!.pool;
      const A = { host: a!.server.host, port: a!.server.port };
      const B = { host: b!.server.host, port: b!.server.port };

      expect(await replica.replicaof(A)).toBe("OK");
      await until(() => isConnectedReplica(replica), "the replica to connect");
      expect(await replica.role()).toEqual<ServerRole>({
        role: "slave",
        masterHost: A.host,
        masterPort: A.port,
        state: "connected",
        offset: expect.any(Number),
      });
      // WAIT counts acknowledgements of its own connection's writes: pipelined, they share one connection.
      expect(await primary.pipeline().set("k", "v").wait(1, 5000).exec()).toEqual(["OK", 1]);
      expect(await replica.get("k")).toBe("v");
      expect(await primary.wait(1, 5000)).toBe(1);
      await expect(replica.set("k", "w")).rejects.toMatchObject({ prefix: "READONLY" });
      const role = await primary.role();
      expect(role).toMatchObject({ role: "master", replicas: [{ host: B.host, port: B.port }] });
      expect(role.role === "master" && typeof role.replicas[0]!.offset).toBe("number");

      // A coordinated failover: A hands the primary role to B and becomes its replica.
      expect(await primary.failover({ timeoutMs: 5000 })).toBe("OK");
      await until(
        async () => (await isPrimary(replica)) && (await isConnectedReplica(primary)),
        "the failover",
      );
      await expect(primary.failover({ abort: true })).rejects.toMatchObject({
        message: /No failover in progress/,
      });
      // ... and back, naming the replica to promote.
      expect(await replica.failover({ to: A, timeoutMs: 5000 })).toBe("OK");
      await until(
        async () => (await isPrimary(primary)) && (await isConnectedReplica(replica)),
        "the failover back",
      );

      // SLAVEOF is REPLICAOF by its old name.
      expect(await replica.slaveof(null)).toBe("OK");
      expect(await isPrimary(replica)).toBe(true);
      expect(await replica.slaveof(A)).toBe("OK");
      await until(() => isConnectedReplica(replica), "the replica to reconnect");
      expect(await replica.replicaof(null)).toBe("OK");
      expect((await primary.role()).role).toBe("master");
      expect(await replica.set("k", "writable again")).toBe("OK");
    });
  });

  it("failover without a replica is a ReplyError; bad options are refused before sending", async () => {
    await expect(ctx.pool.failover()).rejects.toMatchObject({ message: /requires connected replicas/ });
    await expect(ctx.pool.failover({ abort: true })).rejects.toBeInstanceOf(ReplyError);
    await expect(ctx.pool.failover({ to: { host: "h", port: 1 }, abort: true })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(ctx.pool.failover({ to: { host: "h", port: 1, force: true } })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(ctx.pool.replicaof({ host: "", port: 6379 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(ctx.pool.slaveof({ host: "h", port: 70000 })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect((await ctx.pool.role()).role).toBe("master");
  });
};
