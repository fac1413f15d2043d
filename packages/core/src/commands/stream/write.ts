/** @module Writing streams: XADD, XDEL, XTRIM and XSETID. */
import { InvalidArgumentError } from "../../errors.js";
import { nonNegativeInteger, optionsObject } from "../args.js";
import { type Arg, command, type Key } from "../command.js";
import { asCount, asString, asText } from "../decode.js";
import {
  entryId,
  entryIds,
  fieldArgs,
  newEntryId,
  type StreamFields,
  type StreamTrimOptions,
  trimArgs,
} from "./shared.js";

/** Options of XADD: the entry's ID, NOMKSTREAM, and trimming in the same call. */
export interface XAddOptions extends StreamTrimOptions {
  /** `"*"` (the default) lets Redis generate it; `"<ms>-*"` generates the sequence; or an explicit ID. */
  id?: string;
  /** Do not create the stream when it is missing: XADD then adds nothing and resolves to `null`. */
  nomkstream?: boolean;
}

/** Options of XSETID. */
export interface XSetIdOptions {
  /** The stream's count of entries ever added (ENTRIESADDED). */
  entriesAdded?: number;
  /** The highest ID ever deleted from the stream (MAXDELETEDID). */
  maxDeletedId?: string;
}

/** A checked entry ID as one number that sorts like the ID (milliseconds, then sequence). */
function idOrder(id: string): bigint {
  const [ms, seq = "0"] = id.split("-");
  return (BigInt(ms!) << 64n) + BigInt(seq);
}

function xaddArgs(key: Key, fields: StreamFields, opts: XAddOptions | undefined): Arg[] {
  const o = optionsObject(opts, "XADD");
  const out: Arg[] = ["XADD", key];
  if (o.nomkstream) out.push("NOMKSTREAM");
  out.push(...trimArgs(o, "XADD", false));
  out.push(o.id === undefined ? "*" : newEntryId(o.id, "XADD id"), ...fieldArgs(fields, "XADD"));
  return out;
}

export const streamWriteCommands = {
  /**
   * Appends an entry. Trims in the same call with `maxlen`/`minid` (`approximate` for Redis' cheap `~`).
   * @returns the new entry's ID, or `null` with `nomkstream` when the stream does not exist.
   * @example await pool.xadd("events", { type: "login", user: "42" }, { maxlen: 10_000, approximate: true })
   * @see https://redis.io/commands/xadd
   */
  xadd: (key: Key, fields: StreamFields, opts?: XAddOptions) =>
    command(xaddArgs(key, fields, opts), asString),
  /** Removes entries by ID. @returns how many were removed. @see https://redis.io/commands/xdel */
  xdel: (key: Key, ...ids: string[]) => command(["XDEL", key, ...entryIds(ids, "XDEL")], asCount),
  /**
   * Trims the stream to `maxlen` entries or drops entries older than `minid`.
   * @returns how many entries were removed.
   * @example await pool.xtrim("events", { maxlen: 1000, approximate: true, limit: 100 })
   * @see https://redis.io/commands/xtrim
   */
  xtrim: (key: Key, trim: StreamTrimOptions) =>
    command(["XTRIM", key, ...trimArgs(optionsObject(trim, "XTRIM"), "XTRIM", true)], asCount),
  /**
   * Sets the stream's last ID (and, optionally, its added count and max deleted ID), as replication does.
   * The ID must not be smaller than the stream's last entry.
   * @see https://redis.io/commands/xsetid
   */
  xsetid: (key: Key, lastId: string, opts?: XSetIdOptions) => {
    const { entriesAdded, maxDeletedId } = optionsObject(opts, "XSETID");
    const out: Arg[] = ["XSETID", key, entryId(lastId, "XSETID last ID")];
    if (entriesAdded !== undefined) {
      out.push("ENTRIESADDED", nonNegativeInteger(entriesAdded, "XSETID entriesAdded"));
    }
    if (maxDeletedId !== undefined) {
      out.push("MAXDELETEDID", entryId(maxDeletedId, "XSETID maxDeletedId"));
      if (idOrder(maxDeletedId) > idOrder(lastId)) {
        throw new InvalidArgumentError(
          `XSETID: maxDeletedId "${maxDeletedId}" must not be above the last ID "${lastId}".`,
        );
      }
    }
    return command(out, asText);
  },
};
