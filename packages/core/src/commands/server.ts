/** @module Server and connection commands, merged with the admin families under `./server/`. */

import { flushMode } from "./args.js";
import { command, type Value } from "./command.js";
import { asArray, asCount, asText } from "./decode.js";
import { merge } from "./merge.js";
import { aclCommands } from "./server/acl.js";
import { adminCommands } from "./server/admin.js";
import { clientCommands } from "./server/client.js";
import { clusterCommands } from "./server/cluster.js";
import { commandTableCommands } from "./server/command-table.js";
import { configCommands } from "./server/config.js";
import { diagnosticsCommands } from "./server/diagnostics.js";
import { moduleCommands } from "./server/module.js";

export type { AclLogEntry, AclUser } from "./server/acl.js";
export type {
  FailoverOptions,
  ReplicaOfTarget,
  ReplicaRole,
  ServerRole,
  ShutdownOptions,
} from "./server/admin.js";
export type {
  ClientInfo,
  ClientKillFilters,
  ClientListOptions,
  ClientTrackingInfo,
  ClientType,
} from "./server/client.js";
export type {
  ClusterSetSlot,
  ClusterShard,
  ClusterSlotNode,
  ClusterSlotRange,
} from "./server/cluster.js";
export type {
  CommandArgumentDoc,
  CommandDoc,
  CommandInfo,
  CommandKeyFlags,
  CommandKeySpec,
  CommandListFilter,
} from "./server/command-table.js";
export type {
  LatencyEvent,
  LatencyHistogram,
  LatencySample,
  MemoryStats,
  SlowlogEntry,
} from "./server/diagnostics.js";
export type { ModuleInfo, ModuleLoadexOptions } from "./server/module.js";

/** FLUSHDB/FLUSHALL mode. */
export type FlushMode = "SYNC" | "ASYNC";

/** The server clock from TIME. */
export interface ServerTime {
  /** Unix time in seconds. */
  seconds: number;
  /** Microseconds within the second. */
  microseconds: number;
}

export const serverCommands = /* @__PURE__ */ merge(
  {
    /** @returns `"PONG"`, or the message when given. @see https://redis.io/commands/ping */
    ping: (message?: Value) => command(message === undefined ? ["PING"] : ["PING", message], asText),
    /** @see https://redis.io/commands/echo */
    echo: (message: Value) => command(["ECHO", message], asText),
    /** @see https://redis.io/commands/time */
    time: () =>
      command(["TIME"], (reply): ServerTime => {
        const [seconds, micros] = asArray(reply).map((part) => Number(asText(part)));
        return { seconds: seconds!, microseconds: micros! };
      }),
    /** Number of keys in the pool's database. @see https://redis.io/commands/dbsize */
    dbsize: () => command(["DBSIZE"], asCount),
    /** The raw INFO text, optionally for some sections. @see https://redis.io/commands/info */
    info: (...sections: string[]) => command(["INFO", ...sections], asText),
    /** Removes every key of the pool's database only. @see https://redis.io/commands/flushdb */
    flushdb: (mode?: FlushMode) => command(["FLUSHDB", ...flushMode(mode, "FLUSHDB")], asText),
    /** Removes every key of every database of the server. @see https://redis.io/commands/flushall */
    flushall: (mode?: FlushMode) => command(["FLUSHALL", ...flushMode(mode, "FLUSHALL")], asText),
  },
  configCommands,
  clientCommands,
  commandTableCommands,
  diagnosticsCommands,
  adminCommands,
  aclCommands,
  moduleCommands,
  clusterCommands,
);
