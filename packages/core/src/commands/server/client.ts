/** @module CLIENT subcommands (CLIENT REPLY and CLIENT TRACKING are refused; CLIENT CACHING is left out). */
import { InvalidArgumentError } from "../../errors.js";
import type { RawReply } from "../../transport.js";
import { exclusive, integer, nonEmpty, nonNegativeInteger, positiveInteger } from "../args.js";
import { type Arg, command, describe } from "../command.js";
import { asBoolean, asCount, asString, asStrings, asText } from "../decode.js";
import { asKeyValueLines, asMap } from "./replies.js";

/** A client type as CLIENT LIST and CLIENT KILL filter by it. */
export type ClientType = "NORMAL" | "MASTER" | "REPLICA" | "PUBSUB";

/** One connection as CLIENT LIST / CLIENT INFO describe it. */
export interface ClientInfo {
  id: number;
  /** `ip:port` of the client. */
  addr: string;
  /** `ip:port` of the server side. */
  laddr: string;
  /** The name set with CLIENT SETNAME, `""` when none. */
  name: string;
  /** Seconds since the connection was made. */
  age: number;
  /** Seconds since its last command. */
  idle: number;
  /** Client flags such as `N` (normal), `S` (replica), `P` (pub/sub). */
  flags: string;
  db: number;
  /** The last command it ran, `container|sub` for subcommands. */
  cmd: string;
  /** The ACL user. */
  user: string;
  /** Every field exactly as the server wrote it, including those not typed above (qbuf, omem, resp, ...). */
  fields: Record<string, string>;
}

/** Options of CLIENT LIST: one filter at most. */
export interface ClientListOptions {
  type?: ClientType;
  ids?: readonly number[];
}

/** Filters of CLIENT KILL (the new form); every given filter must match. At least one is required. */
export interface ClientKillFilters {
  id?: number;
  type?: ClientType;
  user?: string;
  /** `ip:port` of the client. */
  addr?: string;
  /** `ip:port` of the server side. */
  laddr?: string;
  /** Whether the calling connection may be killed too (the server's default is to skip it). */
  skipme?: boolean;
}

/** CLIENT TRACKINGINFO. */
export interface ClientTrackingInfo {
  /** `off`, or `on` with modes such as `bcast`, `optin`, `optout`, `noloop`, `broken_redirect`. */
  flags: string[];
  /** The client id notifications go to: 0 for this connection, -1 when not tracking. */
  redirect: number;
  prefixes: string[];
}

const TYPES: readonly string[] = ["NORMAL", "MASTER", "REPLICA", "PUBSUB"];

function clientType(value: unknown, name: string): ClientType {
  if (typeof value !== "string" || !TYPES.includes(value))
    throw new InvalidArgumentError(
      `${name}: type must be NORMAL, MASTER, REPLICA or PUBSUB, got ${describe(value)}.`,
    );
  return value as ClientType;
}

function toClientInfo(fields: Record<string, string>): ClientInfo {
  const number = (name: string) => Number(fields[name] ?? Number.NaN);
  return {
    id: number("id"),
    addr: fields.addr ?? "",
    laddr: fields.laddr ?? "",
    name: fields.name ?? "",
    age: number("age"),
    idle: number("idle"),
    flags: fields.flags ?? "",
    db: number("db"),
    cmd: fields.cmd ?? "",
    user: fields.user ?? "",
    fields,
  };
}

function asClientInfos(reply: RawReply): ClientInfo[] {
  return asKeyValueLines(reply).map(toClientInfo);
}

function listArgs(options: ClientListOptions): Arg[] {
  exclusive(options, ["type", "ids"], "CLIENT LIST");
  if (options.type !== undefined) return ["TYPE", clientType(options.type, "CLIENT LIST")];
  if (options.ids !== undefined)
    return [
      "ID",
      ...nonEmpty(options.ids, "CLIENT LIST ids").map((id) => positiveInteger(id, "CLIENT LIST id")),
    ];
  return [];
}

function killArgs(filters: ClientKillFilters): Arg[] {
  const out: Arg[] = [];
  if (typeof filters !== "object" || filters === null)
    throw new InvalidArgumentError("CLIENT KILL needs a filters object such as { id }.");
  if (filters.id !== undefined) out.push("ID", positiveInteger(filters.id, "CLIENT KILL id"));
  if (filters.type !== undefined) out.push("TYPE", clientType(filters.type, "CLIENT KILL"));
  if (filters.user !== undefined) out.push("USER", filters.user);
  if (filters.addr !== undefined) out.push("ADDR", filters.addr);
  if (filters.laddr !== undefined) out.push("LADDR", filters.laddr);
  if (out.length === 0)
    throw new InvalidArgumentError("CLIENT KILL needs at least one of id, type, user, addr, laddr.");
  if (filters.skipme !== undefined) out.push("SKIPME", filters.skipme ? "YES" : "NO");
  return out;
}

function clientName(value: unknown): string {
  if (typeof value !== "string" || !/^[!-~]*$/.test(value))
    throw new InvalidArgumentError(
      `CLIENT SETNAME: a name is printable ASCII without spaces ("" clears it), got ${describe(value)}.`,
    );
  return value;
}

export const clientCommands = {
  /** The id of the connection that runs it (the pool's connection). @see https://redis.io/commands/client-id */
  clientId: () => command(["CLIENT", "ID"], asCount),
  /** The connection that runs it, as CLIENT LIST describes it. @see https://redis.io/commands/client-info */
  clientInfo: () => command(["CLIENT", "INFO"], (r) => asClientInfos(r)[0]!),
  /** Every connection, or those of one type or with the given ids. @see https://redis.io/commands/client-list */
  clientList: (options: ClientListOptions = {}) =>
    command(["CLIENT", "LIST", ...listArgs(options)], asClientInfos),
  /** The name of the pool's connection, `null` when none. @see https://redis.io/commands/client-getname */
  clientGetname: () => command(["CLIENT", "GETNAME"], asString),
  /**
   * Names the pool's connection (shown by CLIENT LIST); `""` clears it. The pool's connection is shared, so the
   * name is the pool's, not a caller's.
   * @see https://redis.io/commands/client-setname
   */
  clientSetname: (name: string) => command(["CLIENT", "SETNAME", clientName(name)], asText),
  /**
   * Closes the connections matching every filter. The pool's own connection is skipped unless `skipme: false`.
   * @returns how many connections were closed.
   * @see https://redis.io/commands/client-kill
   */
  clientKill: (filters: ClientKillFilters) => command(["CLIENT", "KILL", ...killArgs(filters)], asCount),
  /**
   * Suspends every client's commands (or, with `"WRITE"`, writes) for `timeoutMs` milliseconds. Server-wide.
   * @see https://redis.io/commands/client-pause
   */
  clientPause: (timeoutMs: number, mode?: "WRITE" | "ALL") => {
    if (mode !== undefined && mode !== "WRITE" && mode !== "ALL")
      throw new InvalidArgumentError(`CLIENT PAUSE: mode must be "WRITE" or "ALL", got ${describe(mode)}.`);
    return command(
      ["CLIENT", "PAUSE", nonNegativeInteger(timeoutMs, "CLIENT PAUSE timeout"), ...(mode ? [mode] : [])],
      asText,
    );
  },
  /** Ends a CLIENT PAUSE early. @see https://redis.io/commands/client-unpause */
  clientUnpause: () => command(["CLIENT", "UNPAUSE"], asText),
  /** Exempts the pool's connection from client eviction (`maxmemory-clients`), or not. @see https://redis.io/commands/client-no-evict */
  clientNoEvict: (on: boolean) => command(["CLIENT", "NO-EVICT", on ? "ON" : "OFF"], asText),
  /**
   * Unblocks a client blocked in BLPOP, XREAD, WAIT, ...: as if its timeout passed, or with an UNBLOCKED error.
   * @returns true when the client was blocked and is now unblocked.
   * @see https://redis.io/commands/client-unblock
   */
  clientUnblock: (clientId: number, mode?: "TIMEOUT" | "ERROR") => {
    if (mode !== undefined && mode !== "TIMEOUT" && mode !== "ERROR")
      throw new InvalidArgumentError(
        `CLIENT UNBLOCK: mode must be "TIMEOUT" or "ERROR", got ${describe(mode)}.`,
      );
    return command(
      ["CLIENT", "UNBLOCK", integer(clientId, "CLIENT UNBLOCK id"), ...(mode ? [mode] : [])],
      asBoolean,
    );
  },
  /** Where tracking notifications of the pool's connection go: a client id, 0 or -1. @see https://redis.io/commands/client-getredir */
  clientGetredir: () => command(["CLIENT", "GETREDIR"], asCount),
  /** The client-side caching state of the pool's connection. @see https://redis.io/commands/client-trackinginfo */
  clientTrackinginfo: () =>
    command(["CLIENT", "TRACKINGINFO"], (reply): ClientTrackingInfo => {
      const map = asMap(reply);
      return {
        flags: asStrings(map.flags ?? null),
        redirect: asCount(map.redirect ?? null),
        prefixes: asStrings(map.prefixes ?? null),
      };
    }),
  /** Usage text of CLIENT, one line per entry. @see https://redis.io/commands/client-help */
  clientHelp: () => command(["CLIENT", "HELP"], asStrings),
};
