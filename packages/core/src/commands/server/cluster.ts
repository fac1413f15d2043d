/**
 * @module CLUSTER subcommands, typed minimally: text and arrays as the server sends them. On a server without
 * `cluster-enabled yes` every one of them rejects with a ReplyError ("cluster support disabled").
 */
import { InvalidArgumentError } from "../../errors.js";
import type { RawReply } from "../../transport.js";
import { integer, nonEmpty, positiveInteger } from "../args.js";
import { type Arg, command, describe, type Key } from "../command.js";
import { asArray, asCount, asStrings, asText } from "../decode.js";
import { asMap, define } from "./replies.js";

/** A node serving a slot range in CLUSTER SLOTS. */
export interface ClusterSlotNode {
  /** Its preferred endpoint (an IP, a hostname, or `""`/`"?"` when unknown). */
  host: string;
  port: number;
  id: string;
  /** Redis 7+: extra networking metadata, such as `hostname`. */
  metadata: Record<string, string>;
}

/** One slot range of CLUSTER SLOTS. */
export interface ClusterSlotRange {
  start: number;
  end: number;
  master: ClusterSlotNode;
  replicas: ClusterSlotNode[];
}

/** One shard of CLUSTER SHARDS. */
export interface ClusterShard {
  /** Inclusive `[start, end]` slot ranges. */
  slots: [number, number][];
  /** Each node's fields as sent: `id`, `port`, `ip`, `endpoint`, `role`, `replication-offset`, `health`, ... */
  nodes: Record<string, string | number>[];
}

/** What CLUSTER SETSLOT does to a slot. */
export type ClusterSetSlot =
  | { importing: string }
  | { migrating: string }
  | { node: string }
  | { stable: true };

function slot(value: unknown, name: string): number {
  const n = integer(value, `${name} slot`);
  if (n < 0 || n > 16383) throw new InvalidArgumentError(`${name}: a slot is 0..16383, got ${n}.`);
  return n;
}

function slotRanges(ranges: readonly (readonly [number, number])[], name: string): Arg[] {
  return nonEmpty(ranges, `${name} ranges`).flatMap((range) => {
    if (!Array.isArray(range) || range.length !== 2)
      throw new InvalidArgumentError(`${name}: every range must be [start, end], got ${describe(range)}.`);
    return [slot(range[0], name), slot(range[1], name)];
  });
}

function nodeId(value: unknown, name: string): string {
  if (typeof value !== "string" || !/^[0-9a-f]{40}$/i.test(value))
    throw new InvalidArgumentError(`${name}: a node id is 40 hex characters, got ${describe(value)}.`);
  return value;
}

function scalars(reply: RawReply): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(asMap(reply)))
    define(out, name, typeof value === "number" ? value : asText(value));
  return out;
}

function asSlotNode(reply: RawReply): ClusterSlotNode {
  const [host, port, id, metadata] = asArray(reply);
  const meta: Record<string, string> = {};
  for (const [name, value] of Object.entries(asMap(metadata ?? null))) define(meta, name, asText(value));
  return { host: asText(host ?? null), port: asCount(port ?? null), id: asText(id ?? null), metadata: meta };
}

function asSlotRanges(reply: RawReply): ClusterSlotRange[] {
  return asArray(reply).map((entry) => {
    const [start, end, master, ...replicas] = asArray(entry);
    return {
      start: asCount(start ?? null),
      end: asCount(end ?? null),
      master: asSlotNode(master ?? null),
      replicas: replicas.map(asSlotNode),
    };
  });
}

function asShards(reply: RawReply): ClusterShard[] {
  return asArray(reply).map((entry) => {
    const map = asMap(entry);
    const flat = asArray(map.slots ?? []).map(asCount);
    const slots: [number, number][] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) slots.push([flat[i]!, flat[i + 1]!]);
    return { slots, nodes: asArray(map.nodes ?? []).map(scalars) };
  });
}

function setSlotArgs(action: ClusterSetSlot): Arg[] {
  if (typeof action === "object" && action !== null) {
    if ("importing" in action) return ["IMPORTING", nodeId(action.importing, "CLUSTER SETSLOT")];
    if ("migrating" in action) return ["MIGRATING", nodeId(action.migrating, "CLUSTER SETSLOT")];
    if ("node" in action) return ["NODE", nodeId(action.node, "CLUSTER SETSLOT")];
    if ("stable" in action && action.stable === true) return ["STABLE"];
  }
  throw new InvalidArgumentError(
    `CLUSTER SETSLOT: expected { importing }, { migrating }, { node } or { stable: true }, got ${describe(action)}.`,
  );
}

export const clusterCommands = {
  /** Assigns slots to this node. @see https://redis.io/commands/cluster-addslots */
  clusterAddslots: (...slots: number[]) =>
    command(
      ["CLUSTER", "ADDSLOTS", ...nonEmpty(slots, "CLUSTER ADDSLOTS").map((s) => slot(s, "CLUSTER ADDSLOTS"))],
      asText,
    ),
  /** Assigns inclusive `[start, end]` slot ranges to this node. @see https://redis.io/commands/cluster-addslotsrange */
  clusterAddslotsrange: (ranges: readonly (readonly [number, number])[]) =>
    command(["CLUSTER", "ADDSLOTSRANGE", ...slotRanges(ranges, "CLUSTER ADDSLOTSRANGE")], asText),
  /** Advances the node's config epoch: `"BUMPED <epoch>"` or `"STILL <epoch>"`. @see https://redis.io/commands/cluster-bumpepoch */
  clusterBumpepoch: () => command(["CLUSTER", "BUMPEPOCH"], asText),
  /** How many nodes report `nodeId` as failing. @see https://redis.io/commands/cluster-count-failure-reports */
  clusterCountFailureReports: (id: string) =>
    command(["CLUSTER", "COUNT-FAILURE-REPORTS", nodeId(id, "CLUSTER COUNT-FAILURE-REPORTS")], asCount),
  /** How many keys this node holds in a slot. @see https://redis.io/commands/cluster-countkeysinslot */
  clusterCountkeysinslot: (slotNumber: number) =>
    command(["CLUSTER", "COUNTKEYSINSLOT", slot(slotNumber, "CLUSTER COUNTKEYSINSLOT")], asCount),
  /** Unassigns slots from this node. @see https://redis.io/commands/cluster-delslots */
  clusterDelslots: (...slots: number[]) =>
    command(
      ["CLUSTER", "DELSLOTS", ...nonEmpty(slots, "CLUSTER DELSLOTS").map((s) => slot(s, "CLUSTER DELSLOTS"))],
      asText,
    ),
  /** Unassigns inclusive `[start, end]` slot ranges. @see https://redis.io/commands/cluster-delslotsrange */
  clusterDelslotsrange: (ranges: readonly (readonly [number, number])[]) =>
    command(["CLUSTER", "DELSLOTSRANGE", ...slotRanges(ranges, "CLUSTER DELSLOTSRANGE")], asText),
  /**
   * Sent to a replica: a manual failover of its primary (coordinated; `"FORCE"` without the primary's
   * agreement; `"TAKEOVER"` without any agreement).
   * @see https://redis.io/commands/cluster-failover
   */
  clusterFailover: (mode?: "FORCE" | "TAKEOVER") => {
    if (mode !== undefined && mode !== "FORCE" && mode !== "TAKEOVER")
      throw new InvalidArgumentError(
        `CLUSTER FAILOVER: mode must be "FORCE" or "TAKEOVER", got ${describe(mode)}.`,
      );
    return command(["CLUSTER", "FAILOVER", ...(mode ? [mode] : [])], asText);
  },
  /** Unassigns every slot of this node (its database must be empty). @see https://redis.io/commands/cluster-flushslots */
  clusterFlushslots: () => command(["CLUSTER", "FLUSHSLOTS"], asText),
  /** Removes a node from this node's table for 60 seconds. @see https://redis.io/commands/cluster-forget */
  clusterForget: (id: string) => command(["CLUSTER", "FORGET", nodeId(id, "CLUSTER FORGET")], asText),
  /** Up to `count` key names of a slot held by this node. @see https://redis.io/commands/cluster-getkeysinslot */
  clusterGetkeysinslot: (slotNumber: number, count: number) =>
    command(
      [
        "CLUSTER",
        "GETKEYSINSLOT",
        slot(slotNumber, "CLUSTER GETKEYSINSLOT"),
        positiveInteger(count, "CLUSTER GETKEYSINSLOT count"),
      ],
      asStrings,
    ),
  /** The cluster state as `name:value` lines (`cluster_state:ok`, ...). @see https://redis.io/commands/cluster-info */
  clusterInfo: () => command(["CLUSTER", "INFO"], asText),
  /** The hash slot of a key (hash tags included). @see https://redis.io/commands/cluster-keyslot */
  clusterKeyslot: (key: Key) => command(["CLUSTER", "KEYSLOT", key], asCount),
  /** The node's cluster-bus links, each with its fields as sent. @see https://redis.io/commands/cluster-links */
  clusterLinks: () => command(["CLUSTER", "LINKS"], (reply) => asArray(reply).map(scalars)),
  /** Connects this node to another one, joining their clusters. @see https://redis.io/commands/cluster-meet */
  clusterMeet: (host: string, port: number, busPort?: number) =>
    command(
      [
        "CLUSTER",
        "MEET",
        host,
        positiveInteger(port, "CLUSTER MEET port"),
        ...(busPort === undefined ? [] : [positiveInteger(busPort, "CLUSTER MEET cluster bus port")]),
      ],
      asText,
    ),
  /** This node's id. @see https://redis.io/commands/cluster-myid */
  clusterMyid: () => command(["CLUSTER", "MYID"], asText),
  /** The node table in nodes.conf format, one line per node. @see https://redis.io/commands/cluster-nodes */
  clusterNodes: () => command(["CLUSTER", "NODES"], asText),
  /** The CLUSTER NODES lines of a primary's replicas. @see https://redis.io/commands/cluster-replicas */
  clusterReplicas: (id: string) =>
    command(["CLUSTER", "REPLICAS", nodeId(id, "CLUSTER REPLICAS")], asStrings),
  /** Makes this node a replica of the given primary. @see https://redis.io/commands/cluster-replicate */
  clusterReplicate: (id: string) =>
    command(["CLUSTER", "REPLICATE", nodeId(id, "CLUSTER REPLICATE")], asText),
  /** Resets this node's cluster state (`"HARD"` also gives it a new id). @see https://redis.io/commands/cluster-reset */
  clusterReset: (mode?: "HARD" | "SOFT") => {
    if (mode !== undefined && mode !== "HARD" && mode !== "SOFT")
      throw new InvalidArgumentError(`CLUSTER RESET: mode must be "HARD" or "SOFT", got ${describe(mode)}.`);
    return command(["CLUSTER", "RESET", ...(mode ? [mode] : [])], asText);
  },
  /** Writes nodes.conf now. @see https://redis.io/commands/cluster-saveconfig */
  clusterSaveconfig: () => command(["CLUSTER", "SAVECONFIG"], asText),
  /** Sets the config epoch of a fresh node that knows no other node. @see https://redis.io/commands/cluster-set-config-epoch */
  clusterSetConfigEpoch: (epoch: number) =>
    command(["CLUSTER", "SET-CONFIG-EPOCH", integer(epoch, "CLUSTER SET-CONFIG-EPOCH epoch")], asText),
  /** Marks a slot importing, migrating, owned by a node, or stable (slot migration). @see https://redis.io/commands/cluster-setslot */
  clusterSetslot: (slotNumber: number, action: ClusterSetSlot) =>
    command(["CLUSTER", "SETSLOT", slot(slotNumber, "CLUSTER SETSLOT"), ...setSlotArgs(action)], asText),
  /** The shards of the cluster with their slots and nodes. @see https://redis.io/commands/cluster-shards */
  clusterShards: () => command(["CLUSTER", "SHARDS"], asShards),
  /** The old name of CLUSTER REPLICAS. @see https://redis.io/commands/cluster-slaves */
  clusterSlaves: (id: string) => command(["CLUSTER", "SLAVES", nodeId(id, "CLUSTER SLAVES")], asStrings),
  /** The slot ranges with the nodes serving them. @see https://redis.io/commands/cluster-slots */
  clusterSlots: () => command(["CLUSTER", "SLOTS"], asSlotRanges),
  /** Usage text of CLUSTER, one line per entry. @see https://redis.io/commands/cluster-help */
  clusterHelp: () => command(["CLUSTER", "HELP"], asStrings),
};
