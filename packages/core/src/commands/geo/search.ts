/** @module GEOSEARCH, GEOSEARCHSTORE and the GEORADIUS family (deprecated by GEOSEARCH, kept for old code). */
import { InvalidArgumentError } from "../../errors.js";
import { type Arg, command, describe, type Key, type Value } from "../command.js";
import { asCount } from "../decode.js";
import {
  asGeoMatches,
  coordinates,
  distance,
  type GeoCoordinates,
  type GeoSearchBy,
  type GeoSearchFrom,
  type GeoSearchOptions,
  type GeoStoreOptions,
  type GeoUnit,
  limitArgs,
  unit,
  withArgs,
} from "./shared.js";

function fromArgs(from: GeoSearchFrom, name: string): Arg[] {
  if (typeof from === "object" && from !== null && "member" in from) return ["FROMMEMBER", from.member];
  return ["FROMLONLAT", ...coordinates(from, `${name} from`)];
}

function byArgs(by: GeoSearchBy, name: string): Arg[] {
  if (typeof by !== "object" || by === null)
    throw new InvalidArgumentError(
      `${name}: by must be { radius, unit } or { width, height, unit }, got ${describe(by)}.`,
    );
  if ("radius" in by) return ["BYRADIUS", distance(by.radius, `${name} radius`), unit(by.unit, name)];
  return [
    "BYBOX",
    distance(by.width, `${name} width`),
    distance(by.height, `${name} height`),
    unit(by.unit, name),
  ];
}

function radiusArgs(radius: number, radiusUnit: GeoUnit, name: string): Arg[] {
  return [distance(radius, `${name} radius`), unit(radiusUnit, name)];
}

function storeArgs(destination: Key, options: GeoStoreOptions): Arg[] {
  return [options.storeDist ? "STOREDIST" : "STORE", destination];
}

export const geoSearchCommands = {
  /**
   * Members within a circle or box around a member or a point.
   * @example await pool.geosearch("shops", { longitude: 15, latitude: 37 }, { radius: 200, unit: "km" }, { order: "ASC", withDist: true })
   * @see https://redis.io/commands/geosearch
   */
  geosearch: (key: Key, from: GeoSearchFrom, by: GeoSearchBy, options: GeoSearchOptions = {}) =>
    command(
      [
        "GEOSEARCH",
        key,
        ...fromArgs(from, "GEOSEARCH"),
        ...byArgs(by, "GEOSEARCH"),
        ...limitArgs(options, "GEOSEARCH"),
        ...withArgs(options),
      ],
      asGeoMatches(options),
    ),
  /**
   * Like GEOSEARCH, but stores the matches in `destination` (a geo index, or distances with `storeDist`).
   * @returns how many members were stored.
   * @see https://redis.io/commands/geosearchstore
   */
  geosearchstore: (
    destination: Key,
    source: Key,
    from: GeoSearchFrom,
    by: GeoSearchBy,
    options: GeoStoreOptions = {},
  ) =>
    command(
      [
        "GEOSEARCHSTORE",
        destination,
        source,
        ...fromArgs(from, "GEOSEARCHSTORE"),
        ...byArgs(by, "GEOSEARCHSTORE"),
        ...limitArgs(options, "GEOSEARCHSTORE"),
        ...(options.storeDist ? ["STOREDIST"] : []),
      ],
      asCount,
    ),
  /** Members within `radius` of a point. Prefer `geosearch`. @see https://redis.io/commands/georadius */
  georadius: (
    key: Key,
    center: GeoCoordinates,
    radius: number,
    radiusUnit: GeoUnit,
    options: GeoSearchOptions = {},
  ) =>
    command(
      [
        "GEORADIUS",
        key,
        ...coordinates(center, "GEORADIUS"),
        ...radiusArgs(radius, radiusUnit, "GEORADIUS"),
        ...withArgs(options),
        ...limitArgs(options, "GEORADIUS"),
      ],
      asGeoMatches(options),
    ),
  /** GEORADIUS ... STORE/STOREDIST: stores the matches. @returns how many were stored. @see https://redis.io/commands/georadius */
  georadiusStore: (
    key: Key,
    center: GeoCoordinates,
    radius: number,
    radiusUnit: GeoUnit,
    destination: Key,
    options: GeoStoreOptions = {},
  ) =>
    command(
      [
        "GEORADIUS",
        key,
        ...coordinates(center, "GEORADIUS"),
        ...radiusArgs(radius, radiusUnit, "GEORADIUS"),
        ...limitArgs(options, "GEORADIUS"),
        ...storeArgs(destination, options),
      ],
      asCount,
    ),
  /** Read-only GEORADIUS, allowed on replicas. @see https://redis.io/commands/georadius_ro */
  georadiusRo: (
    key: Key,
    center: GeoCoordinates,
    radius: number,
    radiusUnit: GeoUnit,
    options: GeoSearchOptions = {},
  ) =>
    command(
      [
        "GEORADIUS_RO",
        key,
        ...coordinates(center, "GEORADIUS_RO"),
        ...radiusArgs(radius, radiusUnit, "GEORADIUS_RO"),
        ...withArgs(options),
        ...limitArgs(options, "GEORADIUS_RO"),
      ],
      asGeoMatches(options),
    ),
  /** Members within `radius` of another member. Prefer `geosearch`. @see https://redis.io/commands/georadiusbymember */
  georadiusbymember: (
    key: Key,
    member: Value,
    radius: number,
    radiusUnit: GeoUnit,
    options: GeoSearchOptions = {},
  ) =>
    command(
      [
        "GEORADIUSBYMEMBER",
        key,
        member,
        ...radiusArgs(radius, radiusUnit, "GEORADIUSBYMEMBER"),
        ...withArgs(options),
        ...limitArgs(options, "GEORADIUSBYMEMBER"),
      ],
      asGeoMatches(options),
    ),
  /** GEORADIUSBYMEMBER ... STORE/STOREDIST. @returns how many were stored. @see https://redis.io/commands/georadiusbymember */
  georadiusbymemberStore: (
    key: Key,
    member: Value,
    radius: number,
    radiusUnit: GeoUnit,
    destination: Key,
    options: GeoStoreOptions = {},
  ) =>
    command(
      [
        "GEORADIUSBYMEMBER",
        key,
        member,
        ...radiusArgs(radius, radiusUnit, "GEORADIUSBYMEMBER"),
        ...limitArgs(options, "GEORADIUSBYMEMBER"),
        ...storeArgs(destination, options),
      ],
      asCount,
    ),
  /** Read-only GEORADIUSBYMEMBER, allowed on replicas. @see https://redis.io/commands/georadiusbymember_ro */
  georadiusbymemberRo: (
    key: Key,
    member: Value,
    radius: number,
    radiusUnit: GeoUnit,
    options: GeoSearchOptions = {},
  ) =>
    command(
      [
        "GEORADIUSBYMEMBER_RO",
        key,
        member,
        ...radiusArgs(radius, radiusUnit, "GEORADIUSBYMEMBER_RO"),
        ...withArgs(options),
        ...limitArgs(options, "GEORADIUSBYMEMBER_RO"),
      ],
      asGeoMatches(options),
    ),
};
