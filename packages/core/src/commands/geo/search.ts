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
  ) => radiusQuery("GEORADIUS", key, coordinates(center, "GEORADIUS"), radius, radiusUnit, options),
  /** GEORADIUS ... STORE/STOREDIST: stores the matches. @returns how many were stored. @see https://redis.io/commands/georadius */
  georadiusStore: (
    key: Key,
    center: GeoCoordinates,
    radius: number,
    radiusUnit: GeoUnit,
    destination: Key,
    options: GeoStoreOptions = {},
  ) =>
    radiusStore("GEORADIUS", key, coordinates(center, "GEORADIUS"), radius, radiusUnit, destination, options),
  /** Read-only GEORADIUS, allowed on replicas. @see https://redis.io/commands/georadius_ro */
  georadiusRo: (
    key: Key,
    center: GeoCoordinates,
    radius: number,
    radiusUnit: GeoUnit,
    options: GeoSearchOptions = {},
  ) => radiusQuery("GEORADIUS_RO", key, coordinates(center, "GEORADIUS_RO"), radius, radiusUnit, options),
  /** Members within `radius` of another member. Prefer `geosearch`. @see https://redis.io/commands/georadiusbymember */
  georadiusbymember: (
    key: Key,
    member: Value,
    radius: number,
    radiusUnit: GeoUnit,
    options: GeoSearchOptions = {},
  ) => radiusQuery("GEORADIUSBYMEMBER", key, [member], radius, radiusUnit, options),
  /** GEORADIUSBYMEMBER ... STORE/STOREDIST. @returns how many were stored. @see https://redis.io/commands/georadiusbymember */
  georadiusbymemberStore: (
    key: Key,
    member: Value,
    radius: number,
    radiusUnit: GeoUnit,
    destination: Key,
    options: GeoStoreOptions = {},
  ) => radiusStore("GEORADIUSBYMEMBER", key, [member], radius, radiusUnit, destination, options),
  /** Read-only GEORADIUSBYMEMBER, allowed on replicas. @see https://redis.io/commands/georadiusbymember_ro */
  georadiusbymemberRo: (
    key: Key,
    member: Value,
    radius: number,
    radiusUnit: GeoUnit,
    options: GeoSearchOptions = {},
  ) => radiusQuery("GEORADIUSBYMEMBER_RO", key, [member], radius, radiusUnit, options),
};

/** A GEORADIUS-family query from `origin` (a point's coordinates, or a member). */
function radiusQuery(
  name: string,
  key: Key,
  origin: Arg[],
  radius: number,
  radiusUnit: GeoUnit,
  options: GeoSearchOptions,
) {
  return command(
    [
      name,
      key,
      ...origin,
      ...radiusArgs(radius, radiusUnit, name),
      ...withArgs(options),
      ...limitArgs(options, name),
    ],
    asGeoMatches(options),
  );
}

/** A GEORADIUS-family query that stores its matches (STORE/STOREDIST). */
function radiusStore(
  name: string,
  key: Key,
  origin: Arg[],
  radius: number,
  radiusUnit: GeoUnit,
  destination: Key,
  options: GeoStoreOptions,
) {
  return command(
    [
      name,
      key,
      ...origin,
      ...radiusArgs(radius, radiusUnit, name),
      ...limitArgs(options, name),
      ...storeArgs(destination, options),
    ],
    asCount,
  );
}
