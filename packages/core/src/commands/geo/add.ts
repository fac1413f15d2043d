/** @module GEOADD, GEODIST, GEOHASH and GEOPOS. */
import { InvalidArgumentError } from "../../errors.js";
import { exclusive, nonEmpty } from "../args.js";
import { type Arg, command, type Key, type Value } from "../command.js";
import { asArray, asCount, asFloat, asNullableStrings } from "../decode.js";
import { asCoordinates, coordinates, type GeoMember, type GeoUnit, unit } from "./shared.js";

/** Options of GEOADD. */
export interface GeoAddOptions {
  /** Only add new members, never update existing ones. */
  nx?: boolean;
  /** Only update existing members, never add new ones. */
  xx?: boolean;
  /** Count changed members (added or moved) instead of added ones. */
  ch?: boolean;
}

function memberArgs(members: readonly GeoMember[]): Arg[] {
  const out: Arg[] = [];
  for (const item of nonEmpty(members, "GEOADD members")) {
    if (typeof item !== "object" || item === null || item.member === undefined)
      throw new InvalidArgumentError("GEOADD: every member must be { longitude, latitude, member }.");
    out.push(...coordinates(item, "GEOADD"), item.member);
  }
  return out;
}

export const geoAddCommands = {
  /**
   * Adds or moves members of a geo index (a sorted set).
   * @returns how many members were added (with `ch`: added or moved).
   * @example await pool.geoadd("shops", [{ longitude: 13.361389, latitude: 38.115556, member: "Palermo" }])
   * @see https://redis.io/commands/geoadd
   */
  geoadd: (key: Key, members: readonly GeoMember[], options: GeoAddOptions = {}) => {
    exclusive(options, ["nx", "xx"], "GEOADD");
    const flags: Arg[] = [];
    if (options.nx) flags.push("NX");
    if (options.xx) flags.push("XX");
    if (options.ch) flags.push("CH");
    return command(["GEOADD", key, ...flags, ...memberArgs(members)], asCount);
  },
  /** The distance between two members (meters by default), or `null` when one is missing. @see https://redis.io/commands/geodist */
  geodist: (key: Key, member1: Value, member2: Value, distanceUnit?: GeoUnit) =>
    command(
      [
        "GEODIST",
        key,
        member1,
        member2,
        ...(distanceUnit === undefined ? [] : [unit(distanceUnit, "GEODIST")]),
      ],
      asFloat,
    ),
  /** Each member's 11-character geohash string, `null` for a missing member. @see https://redis.io/commands/geohash */
  geohash: (key: Key, ...members: Value[]) => command(["GEOHASH", key, ...members], asNullableStrings),
  /** Each member's position, `null` for a missing member. @see https://redis.io/commands/geopos */
  geopos: (key: Key, ...members: Value[]) =>
    command(["GEOPOS", key, ...members], (reply) => asArray(reply).map(asCoordinates)),
};
