import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import { freePort } from "./free-port.js";
import { waitFor } from "./ping.js";
import { type LocalRedisServer, startRedis } from "./redis-server.js";

const run = promisify(execFile);

/** One redis-server of a cluster started by {@link startCluster}. */
export interface ClusterNode {
  readonly host: string;
  readonly port: number;
  /** `host:port` */
  readonly address: string;
  /** Its process: `server.down()` and `server.up()` take it away and bring it back (its cluster state kept). */
  readonly server: LocalRedisServer;
}

/** A Redis Cluster started by {@link startCluster}. */
export interface RedisCluster {
  /** Every node, masters first as created (roles change after a failover: see {@link masters}). */
  readonly nodes: readonly ClusterNode[];
  /** `host:port` of every node, for `registerRedisCluster`. */
  readonly addresses: string[];
  /** The nodes that are masters now (asked from a live node). */
  masters(): Promise<ClusterNode[]>;
  /** The live master that serves `key`'s slot. */
  masterOf(key: string): Promise<ClusterNode>;
  /**
   * Stops `master` (its process is gone; the cluster notices after the node timeout) and waits until one of its replicas was promoted and
   * every live node reports `cluster_state:ok`. Resolves to the new master.
   */
  failover(master: ClusterNode): Promise<ClusterNode>;
  /** Stops every node and removes their files. */
  stop(): Promise<void>;
}

/** Options of {@link startCluster}. */
export interface StartClusterOptions {
  /** @default 3 */
  masters?: number;
  /** @default 1 */
  replicasPerMaster?: number;
  /** `cluster-node-timeout` in ms: how fast a dead master is failed over. @default 2000 */
  nodeTimeoutMs?: number;
}

/**
 * Spawns `masters × (1 + replicasPerMaster)` cluster-enabled redis-servers on free loopback ports (each bus port
 * picked free too), creates the cluster with `redis-cli --cluster create`, and waits until every node reports
 * `cluster_state:ok`, all 16384 slots assigned, every node known and every replica in sync.
 * @example const cluster = await startCluster(); ...; await cluster.stop();
 */
export async function startCluster(options: StartClusterOptions = {}): Promise<RedisCluster> {
  const masters = options.masters ?? 3;
  const replicas = options.replicasPerMaster ?? 1;
  const timeout = String(options.nodeTimeoutMs ?? 2000);
  const nodes: ClusterNode[] = [];
  const admins = new Map<ClusterNode, Redis>();
  const admin = (node: ClusterNode) => {
    let client = admins.get(node);
    if (!client) {
      client = new Redis({ host: node.host, port: node.port, lazyConnect: true, maxRetriesPerRequest: 0 });
      client.on("error", () => undefined);
      admins.set(node, client);
    }
    return client;
  };
  const stop = async () => {
    for (const client of admins.values()) client.disconnect();
    await Promise.all(nodes.map((node) => node.server.stop()));
  };
  try {
    // One at a time, each retried: a port that was free a moment ago may be taken by then (a bus port too).
    // Each node joins `nodes` as soon as it runs, so a failure later on still stops it.
    for (let i = 0; i < masters * (1 + replicas); i++) {
      const server = await startNode(timeout);
      nodes.push({ host: server.host, port: server.port, address: `${server.host}:${server.port}`, server });
    }
    const create = ["--cluster", "create", ...nodes.map((n) => n.address)];
    await run("redis-cli", [...create, "--cluster-replicas", String(replicas), "--cluster-yes"]);
    await waitFor(
      () => healthy(nodes, admin, { total: nodes.length, masters }),
      "the cluster to be ready",
      30_000,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  const dead = new Set<ClusterNode>();
  const live = () => nodes.filter((node) => !dead.has(node));
  const byAddress = (address: string) => nodes.find((node) => node.address === address);
  const masterList = async () => {
    const table = await admin(live()[0]!).call("CLUSTER", "NODES");
    return parseNodes(String(table))
      .filter((n) => n.flags.includes("master") && !n.flags.includes("fail"))
      .map((n) => byAddress(n.address))
      .filter((n): n is ClusterNode => n !== undefined && !dead.has(n));
  };
  return {
    nodes,
    addresses: nodes.map((node) => node.address),
    masters: masterList,
    async masterOf(key) {
      const slot = Number(await admin(live()[0]!).call("CLUSTER", "KEYSLOT", key));
      const slots = (await admin(live()[0]!).call("CLUSTER", "SLOTS")) as [
        number,
        number,
        [string, number],
      ][];
      const range = slots.find(([start, end]) => slot >= start && slot <= end);
      const node = range && byAddress(`${range[2][0]}:${range[2][1]}`);
      if (!node) throw new Error(`no master serves slot ${slot}`);
      return node;
    },
    async failover(master) {
      const before = parseNodes(String(await admin(master).call("CLUSTER", "NODES")));
      const id = before.find((n) => n.flags.includes("myself"))!.id;
      const replicaAddresses = before.filter((n) => n.masterId === id).map((n) => n.address);
      admins.get(master)?.disconnect();
      admins.delete(master);
      dead.add(master);
      await master.server.stop();
      let promoted: ClusterNode | undefined;
      await waitFor(
        async () => {
          for (const address of replicaAddresses) {
            const node = byAddress(address);
            const info =
              node &&
              (await admin(node)
                .info("replication")
                .catch(() => ""));
            if (node && info && /role:master/.test(info)) promoted = node;
          }
          return promoted !== undefined && (await healthy(live(), admin, { masters }));
        },
        `a replica of ${master.address} to take over`,
        30_000,
      );
      return promoted!;
    },
    stop,
  };
}

async function startNode(timeout: string): Promise<LocalRedisServer> {
  for (let attempt = 1; ; attempt++) {
    const args = ["--cluster-enabled", "yes", "--cluster-port", String(await freePort())];
    args.push("--cluster-node-timeout", timeout, "--repl-diskless-sync-delay", "0");
    try {
      return await startRedis({ args });
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

interface NodeLine {
  id: string;
  address: string;
  flags: string;
  masterId: string;
}

function parseNodes(table: string): NodeLine[] {
  return table
    .trim()
    .split("\n")
    .map((line) => {
      const [id = "", address = "", flags = "", masterId = ""] = line.split(" ");
      return { id, address: address.split("@")[0]!, flags, masterId };
    });
}

/**
 * Every node: state ok, all slots assigned, the expected number of live masters (and of nodes, without
 * handshakes) in its own view of the cluster, and its replication link up when it is a replica.
 */
async function healthy(
  nodes: readonly ClusterNode[],
  admin: (node: ClusterNode) => Redis,
  shape: { total?: number; masters: number },
): Promise<boolean> {
  try {
    for (const node of nodes) {
      const client = admin(node);
      const info = String(await client.call("CLUSTER", "INFO"));
      if (!/cluster_state:ok/.test(info) || !/cluster_slots_assigned:16384/.test(info)) return false;
      const table = parseNodes(String(await client.call("CLUSTER", "NODES")));
      const live = table.filter((n) => !/fail|handshake|noaddr/.test(n.flags));
      if (live.filter((n) => n.flags.includes("master")).length !== shape.masters) return false;
      if (shape.total !== undefined && (table.length !== shape.total || live.length !== shape.total))
        return false;
      const replication = await client.info("replication");
      if (/role:slave/.test(replication) && !/master_link_status:up/.test(replication)) return false;
    }
    return true;
  } catch {
    return false;
  }
}
