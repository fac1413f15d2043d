/** @module Consumer groups: XGROUP CREATE, CREATECONSUMER, DELCONSUMER, DESTROY, SETID and HELP. */
import { nonNegativeInteger, optionsObject } from "../args.js";
import { type Arg, type Command, command, type Key } from "../command.js";
import { asBoolean, asCount, asStrings, asText } from "../decode.js";
import { groupId } from "./shared.js";

/** Options of XGROUP CREATE. */
export interface XGroupCreateOptions {
  /** Create the stream (empty) when it does not exist, instead of failing. */
  mkstream?: boolean;
  /** The group's entries-read counter, so Redis can report its lag (ENTRIESREAD). */
  entriesRead?: number;
}

/** Options of XGROUP SETID. */
export interface XGroupSetIdOptions {
  /** The group's entries-read counter (ENTRIESREAD). */
  entriesRead?: number;
}

function entriesReadArgs(entriesRead: number | undefined, name: string): Arg[] {
  return entriesRead === undefined
    ? []
    : ["ENTRIESREAD", nonNegativeInteger(entriesRead, `${name} entriesRead`)];
}

function xgroupCreate(key: Key, group: Key, id = "$", opts?: XGroupCreateOptions): Command<boolean> {
  const { mkstream, entriesRead } = optionsObject(opts, "XGROUP CREATE");
  const argv: Arg[] = ["XGROUP", "CREATE", key, group, groupId(id, "XGROUP CREATE id")];
  if (mkstream) argv.push("MKSTREAM");
  argv.push(...entriesReadArgs(entriesRead, "XGROUP CREATE"));
  return {
    ...command(argv, (reply) => asText(reply) === "OK"),
    // An existing group is an expected outcome, not a failure.
    recover: (error) => (error.prefix === "BUSYGROUP" ? false : undefined),
  };
}

export const streamGroupCommands = {
  /**
   * Creates a consumer group that delivers entries after `id` (`"$"`, the default: only new entries; `"0"`:
   * the whole stream).
   * @returns `true` when created, `false` when the group already exists (Redis' BUSYGROUP, reported as a
   * result, also in pipelines and transactions). A missing stream without `mkstream` rejects with `ReplyError`.
   * @example await pool.xgroupCreate("jobs", "workers", "0", { mkstream: true })
   * @see https://redis.io/commands/xgroup-create
   */
  xgroupCreate,
  /**
   * Creates a consumer in a group (XREADGROUP also creates it on first use).
   * @returns `true` when created, `false` when it already existed.
   * @see https://redis.io/commands/xgroup-createconsumer
   */
  xgroupCreateconsumer: (key: Key, group: Key, consumer: Key) =>
    command(["XGROUP", "CREATECONSUMER", key, group, consumer], asBoolean),
  /**
   * Deletes a consumer; its pending entries are forgotten (they will not be redelivered to anyone).
   * @returns how many pending entries it had.
   * @see https://redis.io/commands/xgroup-delconsumer
   */
  xgroupDelconsumer: (key: Key, group: Key, consumer: Key) =>
    command(["XGROUP", "DELCONSUMER", key, group, consumer], asCount),
  /** Deletes a consumer group. @returns `true` when it existed. @see https://redis.io/commands/xgroup-destroy */
  xgroupDestroy: (key: Key, group: Key) => command(["XGROUP", "DESTROY", key, group], asBoolean),
  /**
   * Moves a group's last-delivered ID (`"$"`: the stream's last entry; `"0"`: re-deliver everything).
   * @returns `"OK"`.
   * @see https://redis.io/commands/xgroup-setid
   */
  xgroupSetid: (key: Key, group: Key, id: string, opts?: XGroupSetIdOptions) => {
    const { entriesRead } = optionsObject(opts, "XGROUP SETID");
    return command(
      [
        "XGROUP",
        "SETID",
        key,
        group,
        groupId(id, "XGROUP SETID id"),
        ...entriesReadArgs(entriesRead, "XGROUP SETID"),
      ],
      asText,
    );
  },
  /** The server's help text for XGROUP, one line per element. @see https://redis.io/commands/xgroup-help */
  xgroupHelp: () => command(["XGROUP", "HELP"], asStrings),
};
