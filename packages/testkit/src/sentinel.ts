import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { freePort } from "./free-port.js";
import { ping, waitFor } from "./ping.js";
import { type LocalRedisServer, startRedis } from "./redis-server.js";

/** A master, its replica and the Sentinels watching them, started by {@link startSentinel}. */
export interface RedisSentinel {
  readonly masterName: string;
  /**
   * The servers as started: `servers[0]` began as master, `servers[1]` as its replica. Each can go `down()` and
   * come back `up()` on its port.
   */
  readonly servers: readonly LocalRedisServer[];
  /** `host:port` of every Sentinel, for `registerRedisSentinel`. */
  readonly sentinels: string[];
  /** `host:port` of the current master, as the Sentinels report it. */
  master(): Promise<string>;
  /** `SENTINEL FAILOVER <name>`; resolves once the Sentinels report the new master and it accepts writes. */
  failover(): Promise<string>;
  /** Stops every Sentinel and server. */
  stop(): Promise<void>;
}

/** Options of {@link startSentinel}. */
export interface StartSentinelOptions {
  /** @default "mymaster" */
  masterName?: string;
  /** @default 3 */
  sentinels?: number;
}

/**
 * Spawns a master, one replica and (by default) 3 `redis-sentinel`s on free loopback ports, with a quorum of 2
 * and a 1 s down-after, and waits until every Sentinel knows the replica and the other Sentinels.
 */
export async function startSentinel(options: StartSentinelOptions = {}): Promise<RedisSentinel> {
  const name = options.masterName ?? "mymaster";
  const servers: LocalRedisServer[] = [];
  const children: ChildProcess[] = [];
  const dir = mkdtempSync(join(tmpdir(), "beeredis-sentinel-"));
  const clients: Redis[] = [];
  const stop = async () => {
    for (const client of clients) client.disconnect();
    await Promise.all(children.map(kill));
    await Promise.all(servers.map((server) => server.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  const sentinelAddresses: string[] = [];
  try {
    const fast = ["--repl-diskless-sync-delay", "0"];
    const master = await startRedis({ args: fast });
    servers.push(master);
    const replica = await startRedis({ args: [...fast, "--replicaof", master.host, String(master.port)] });
    servers.push(replica);
    const probe = new Redis({ host: replica.host, port: replica.port, lazyConnect: true });
    probe.on("error", () => undefined);
    clients.push(probe);
    await waitFor(
      async () => /master_link_status:up/.test(await probe.info("replication")),
      "the replica to sync",
    );
    for (let i = 0; i < (options.sentinels ?? 3); i++) {
      const port = await freePort();
      const file = join(dir, `sentinel-${port}.conf`);
      const config = [
        `port ${port}`,
        "bind 127.0.0.1",
        `dir ${dir}`,
        `sentinel monitor ${name} ${master.host} ${master.port} 2`,
        `sentinel down-after-milliseconds ${name} 1000`,
        `sentinel failover-timeout ${name} 5000`,
      ];
      writeFileSync(file, `${config.join("\n")}\n`);
      children.push(spawn("redis-sentinel", [file], { stdio: "ignore" }));
      await waitFor(() => ping("127.0.0.1", port), `redis-sentinel on port ${port}`);
      sentinelAddresses.push(`127.0.0.1:${port}`);
      const client = new Redis({ host: "127.0.0.1", port, lazyConnect: true, maxRetriesPerRequest: 0 });
      client.on("error", () => undefined);
      clients.push(client);
    }
    const others = String(clients.length - 2);
    await waitFor(
      async () => {
        for (const client of clients.slice(1)) {
          const fields = pairs(await client.call("SENTINEL", "MASTER", name));
          if (fields["num-slaves"] !== "1" || fields["num-other-sentinels"] !== others) return false;
        }
        return true;
      },
      "the Sentinels to discover the replica and each other",
      30_000,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  const masterAddress = async () => {
    const [host, port] = (await clients[1]!.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", name)) as string[];
    return `${host}:${port}`;
  };
  return {
    masterName: name,
    servers,
    sentinels: sentinelAddresses,
    master: masterAddress,
    async failover() {
      const before = await masterAddress();
      await clients[1]!.call("SENTINEL", "FAILOVER", name);
      let after = before;
      await waitFor(
        async () => {
          after = await masterAddress();
          if (after === before) return false;
          const [host, port] = after.split(":");
          const probe = new Redis({ host, port: Number(port), lazyConnect: true, maxRetriesPerRequest: 0 });
          probe.on("error", () => undefined);
          try {
            return /role:master/.test(await probe.info("replication"));
          } catch {
            return false;
          } finally {
            probe.disconnect();
          }
        },
        `the failover of ${name}`,
        30_000,
      );
      return after;
    },
    stop,
  };
}

function pairs(reply: unknown): Record<string, string> {
  const list = reply as string[];
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < list.length; i += 2) out[list[i]!] = list[i + 1]!;
  return out;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
  await exited;
  clearTimeout(timer);
}
