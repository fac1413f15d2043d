/** @module Persistence, replication and shutdown: SAVE, BGSAVE, ROLE, WAIT, REPLICAOF, FAILOVER, SHUTDOWN, ... */
import { InvalidArgumentError } from "../../errors.js";
import type { RawReply } from "../../transport.js";
import { databaseIndex, exclusive, nonNegativeInteger, positiveInteger } from "../args.js";
import { millisTimeoutCommand } from "../blocking.js";
import { type Arg, command, describe } from "../command.js";
import { asArray, asCount, asInteger, asStrings, asText, type RedisInteger } from "../decode.js";

/** A replica as its primary's ROLE lists it. */
export interface ReplicaRole {
  host: string;
  port: number;
  /** The replication offset it acknowledged. */
  offset: RedisInteger;
}

/** What ROLE says the server is. Redis names a replica `"slave"`. */
export type ServerRole =
  | { role: "master"; offset: RedisInteger; replicas: ReplicaRole[] }
  | {
      role: "slave";
      masterHost: string;
      masterPort: number;
      /** `connect`, `connecting`, `sync` or `connected`. */
      state: string;
      /** The replication offset received so far, -1 while connecting. */
      offset: RedisInteger;
    }
  | { role: "sentinel"; masters: string[] };

/** A server to replicate from, or `null` to stop replicating (REPLICAOF NO ONE). */
export type ReplicaOfTarget = { host: string; port: number } | null;

/** Options of SHUTDOWN. `abort` cannot be combined with the others. */
export interface ShutdownOptions {
  /** Skip (`"NOSAVE"`) or force (`"SAVE"`) the final RDB save, whatever the `save` config says. */
  mode?: "NOSAVE" | "SAVE";
  /** Do not wait for lagging replicas. */
  now?: boolean;
  /** Ignore errors that would otherwise stop the shutdown (such as a failed save). */
  force?: boolean;
  /** Cancel a shutdown that is waiting for replicas. */
  abort?: boolean;
}

/** Options of FAILOVER. */
export interface FailoverOptions {
  /** The replica to promote; with `force`, fail over even if it does not catch up within `timeoutMs`. */
  to?: { host: string; port: number; force?: boolean };
  /** Cancel an ongoing failover. */
  abort?: boolean;
  /** Give up (or, with `to.force`, force) after this many milliseconds. */
  timeoutMs?: number;
}

function integerText(reply: RawReply): RedisInteger {
  if (typeof reply === "number" || typeof reply === "bigint") return reply;
  const text = asText(reply);
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : BigInt(text);
}

function asRole(reply: RawReply): ServerRole {
  const [kind, ...rest] = asArray(reply);
  const role = asText(kind ?? null);
  if (role === "master") {
    return {
      role,
      offset: asInteger(rest[0] ?? null),
      replicas: asArray(rest[1] ?? []).map((entry) => {
        const [host, port, offset] = asArray(entry);
        return {
          host: asText(host ?? null),
          port: Number(integerText(port ?? null)),
          offset: integerText(offset ?? null),
        };
      }),
    };
  }
  if (role === "slave") {
    return {
      role,
      masterHost: asText(rest[0] ?? null),
      masterPort: asCount(rest[1] ?? null),
      state: asText(rest[2] ?? null),
      offset: integerText(rest[3] ?? null),
    };
  }
  return { role: "sentinel", masters: asStrings(rest[0] ?? null) };
}

function replicaOfArgs(target: ReplicaOfTarget, name: string): Arg[] {
  if (target === null) return ["NO", "ONE"];
  if (typeof target !== "object" || typeof target.host !== "string" || target.host === "")
    throw new InvalidArgumentError(
      `${name}: expected { host, port } or null (NO ONE), got ${describe(target)}.`,
    );
  return [target.host, port(target.port, name)];
}

function port(value: unknown, name: string): number {
  const n = positiveInteger(value, `${name} port`);
  if (n > 65535) throw new InvalidArgumentError(`${name}: port must be 1..65535, got ${n}.`);
  return n;
}

function shutdownArgs(options: ShutdownOptions): Arg[] {
  if (options.abort) {
    if (options.mode !== undefined || options.now || options.force)
      throw new InvalidArgumentError("SHUTDOWN: abort cannot be combined with mode, now or force.");
    return ["ABORT"];
  }
  const out: Arg[] = [];
  if (options.mode !== undefined) {
    if (options.mode !== "NOSAVE" && options.mode !== "SAVE")
      throw new InvalidArgumentError(
        `SHUTDOWN: mode must be "NOSAVE" or "SAVE", got ${describe(options.mode)}.`,
      );
    out.push(options.mode);
  }
  if (options.now) out.push("NOW");
  if (options.force) out.push("FORCE");
  return out;
}

function failoverArgs(options: FailoverOptions): Arg[] {
  exclusive(options, ["to", "abort"], "FAILOVER");
  const out: Arg[] = [];
  if (options.to !== undefined) {
    out.push("TO", ...replicaOfArgs(options.to, "FAILOVER"));
    if (options.to.force) {
      if (options.timeoutMs === undefined) throw new InvalidArgumentError("FAILOVER: force needs timeoutMs.");
      out.push("FORCE");
    }
  }
  if (options.abort) out.push("ABORT");
  if (options.timeoutMs !== undefined)
    out.push("TIMEOUT", positiveInteger(options.timeoutMs, "FAILOVER timeoutMs"));
  return out;
}

export const adminCommands = {
  /** Unix time in seconds of the last successful save to disk. @see https://redis.io/commands/lastsave */
  lastsave: () => command(["LASTSAVE"], asCount),
  /** Saves the dataset to disk synchronously, blocking the server while it runs. @see https://redis.io/commands/save */
  save: () => command(["SAVE"], asText),
  /**
   * Saves the dataset in the background. With `schedule`, waits for a running AOF rewrite instead of failing.
   * @returns `"Background saving started"` or `"Background saving scheduled"`.
   * @see https://redis.io/commands/bgsave
   */
  bgsave: (options: { schedule?: boolean } = {}) =>
    command(["BGSAVE", ...(options.schedule ? ["SCHEDULE"] : [])], asText),
  /** Rewrites the append-only file in the background. @see https://redis.io/commands/bgrewriteaof */
  bgrewriteaof: () => command(["BGREWRITEAOF"], asText),
  /**
   * Stops the server. It never answers a successful shutdown: the call rejects with `TransportError` when the
   * connection closes. Resolves to `"OK"` only for `{ abort: true }`.
   * @see https://redis.io/commands/shutdown
   */
  shutdown: (options: ShutdownOptions = {}) => command(["SHUTDOWN", ...shutdownArgs(options)], asText),
  /**
   * Swaps two databases for every client at once, including pools bound to them.
   * @see https://redis.io/commands/swapdb
   */
  swapdb: (index1: number, index2: number) =>
    command(
      ["SWAPDB", databaseIndex(index1, "SWAPDB index1"), databaseIndex(index2, "SWAPDB index2")],
      asText,
    ),
  /** Redis's version art. @see https://redis.io/commands/lolwut */
  lolwut: (options: { version?: number } = {}) =>
    command(
      [
        "LOLWUT",
        ...(options.version === undefined
          ? []
          : ["VERSION", positiveInteger(options.version, "LOLWUT version")]),
      ],
      asText,
    ),
  /** Whether the server is a primary, a replica or a sentinel, with its replication state. @see https://redis.io/commands/role */
  role: () => command(["ROLE"], asRole),
  /**
   * Waits until `numReplicas` replicas acknowledged the writes made earlier on the connection that sends it, or
   * `timeoutMs` passed (0 waits forever). WAIT blocks, so it runs on a dedicated connection: send the writes and
   * WAIT in one pipeline, which runs on that one connection.
   * @example const [, acked] = await pool.pipeline().set("k", "v").wait(1, 1000).exec();
   * @returns how many replicas acknowledged.
   * @see https://redis.io/commands/wait
   */
  wait: (numReplicas: number, timeoutMs: number) =>
    millisTimeoutCommand(
      [
        "WAIT",
        nonNegativeInteger(numReplicas, "WAIT numreplicas"),
        nonNegativeInteger(timeoutMs, "WAIT timeout"),
      ],
      asCount,
      timeoutMs,
    ),
  /**
   * Hands the primary role to a replica in a coordinated way (the primary needs a connected replica).
   * @see https://redis.io/commands/failover
   */
  failover: (options: FailoverOptions = {}) => command(["FAILOVER", ...failoverArgs(options)], asText),
  /** Makes the server a replica of another, or (with `null`) a primary again. @see https://redis.io/commands/replicaof */
  replicaof: (primary: ReplicaOfTarget) =>
    command(["REPLICAOF", ...replicaOfArgs(primary, "REPLICAOF")], asText),
  /** The old name of REPLICAOF. @see https://redis.io/commands/slaveof */
  slaveof: (primary: ReplicaOfTarget) => command(["SLAVEOF", ...replicaOfArgs(primary, "SLAVEOF")], asText),
};
