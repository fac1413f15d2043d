import { describe, expect, it } from "vitest";
import type { TransportFactory } from "../transport.js";
import { Registry } from "./registry.js";

/** A factory that records endpoints and never connects (validate() without connect creates no transport). */
const offline: TransportFactory = {
  capabilities: {
    name: "offline",
    maxBlockingMs: 0,
    pubsub: false,
    watch: false,
    databases: true,
    cluster: false,
  },
  accepts: ["tcp", "cluster", "sentinel"],
  create: () => {
    throw new Error("not used");
  },
};

describe("cluster and sentinel registration", () => {
  it("getAddress describes the topology without secrets", async () => {
    const validated = await new Registry({ transport: offline })
      .registerRedisCluster(["127.0.0.1:7000", "redis://:secret@127.0.0.1:7001"], "c")
      .registerRedisSentinel("mymaster", 2, "127.0.0.1:26379, 127.0.0.1:26380", "s", { password: "pw" })
      .validate();
    const engine = validated.createEngine();
    expect(engine.getRedis("c").getPoolConfig().getAddress()).toBe("cluster(127.0.0.1:7000,127.0.0.1:7001)");
    expect(engine.getRedis("c").getPoolConfig().getDatabase()).toBe(0);
    expect(engine.getRedis("s").getPoolConfig().getAddress()).toBe(
      "sentinel(mymaster@127.0.0.1:26379,127.0.0.1:26380)",
    );
    expect(engine.getRedis("s").getPoolConfig().getDatabase()).toBe(2);
    await validated.close();
  });

  it("rejects bad topologies with ConfigError naming the pool", async () => {
    const registry = new Registry({ transport: offline })
      .registerRedisCluster([], "none")
      .registerRedisCluster(["127.0.0.1:99999"], "port")
      .registerRedisCluster(["/tmp/redis.sock"], "unix")
      .registerRedisSentinel("mymaster", 16, ["127.0.0.1:26379"], "db")
      .registerRedisSentinel("my master", 0, ["127.0.0.1:26379"], "name");
    const error = (await registry.validate().catch((e: unknown) => e)) as Error;
    expect(error.name).toBe("ConfigError");
    expect(error.message).toMatch(/pool "none": at least one cluster node address is needed/);
    expect(error.message).toMatch(/pool "port": cluster node "127.0.0.1:99999": port 99999 is outside/);
    expect(error.message).toMatch(/pool "unix": cluster node "\/tmp\/redis.sock" must be host:port/);
    expect(error.message).toMatch(/pool "db": database 16 is outside 0..15/);
    expect(error.message).toMatch(/pool "name": the sentinel master name "my master" is not a valid name/);
  });

  it("a transport that does not accept the kind is named", async () => {
    const tcpOnly = { ...offline, accepts: ["tcp"] as const };
    const registry = new Registry({ transport: tcpOnly }).registerRedisCluster("127.0.0.1:7000");
    await expect(registry.validate()).rejects.toThrow(
      /pool "default": the offline transport cannot connect to cluster address "cluster\(127.0.0.1:7000\)"/,
    );
  });
});
