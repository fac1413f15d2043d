/** @module Argument checks, option types and reply decoders shared by the geo commands. */
import { InvalidArgumentError } from "../../errors.js";
import type { RawReply } from "../../transport.js";
import { numeric, positiveInteger } from "../args.js";
import { type Arg, describe, type Value } from "../command.js";
import { asArray, asInteger, asNumber, asText, type RedisInteger } from "../decode.js";

/** A distance unit: meters, kilometers, feet or miles. */
export type GeoUnit = "m" | "km" | "ft" | "mi";

/** A point on the map. */
export interface GeoCoordinates {
  longitude: number;
  latitude: number;
}

/** A member to add with GEOADD. */
export interface GeoMember extends GeoCoordinates {
  member: Value;
}

/** Where GEOSEARCH starts: an existing member (FROMMEMBER) or a point (FROMLONLAT). */
export type GeoSearchFrom = { member: Value } | GeoCoordinates;

/** The GEOSEARCH area: a circle (BYRADIUS) or a box (BYBOX) centred on the starting point. */
export type GeoSearchBy =
  | { radius: number; unit: GeoUnit }
  | { width: number; height: number; unit: GeoUnit };

/** Sorting and limiting of GEOSEARCH, GEOSEARCHSTORE and the GEORADIUS family. */
export interface GeoLimitOptions {
  /** Nearest first (`"ASC"`) or farthest first (`"DESC"`); unsorted by default. */
  order?: "ASC" | "DESC";
  /** Return at most this many matches. */
  count?: number;
  /** With `count`: stop as soon as `count` matches are found (faster, not the nearest ones). */
  any?: boolean;
}

/** Options of GEOSEARCH and of the reading GEORADIUS commands: what to return with each member. */
export interface GeoSearchOptions extends GeoLimitOptions {
  /** Add `coordinates`. */
  withCoord?: boolean;
  /** Add `distance`, in the query's unit. */
  withDist?: boolean;
  /** Add `hash`, the raw geohash integer (the sorted-set score). */
  withHash?: boolean;
}

/** Options of GEOSEARCHSTORE and of the storing GEORADIUS variants. */
export interface GeoStoreOptions extends GeoLimitOptions {
  /** Store each member with its distance as the score (STOREDIST) instead of its geohash. */
  storeDist?: boolean;
}

/** One match of a geo query. The optional fields are present exactly when requested. */
export interface GeoMatch {
  member: string;
  /** With `withDist`: the distance from the centre, in the query's unit. */
  distance?: number;
  /**
   * With `withHash`: the geohash integer (the member's sorted-set score). It reaches 2^53 near longitude 180, so
   * it is a {@link RedisInteger}: a `bigint` there.
   */
  hash?: RedisInteger;
  /** With `withCoord`. */
  coordinates?: GeoCoordinates;
}

const UNITS: readonly string[] = ["m", "km", "ft", "mi"];

/** Checks a unit. @internal */
export function unit(value: unknown, name: string): GeoUnit {
  if (typeof value !== "string" || !UNITS.includes(value)) {
    throw new InvalidArgumentError(`${name}: unit must be "m", "km", "ft" or "mi", got ${describe(value)}.`);
  }
  return value as GeoUnit;
}

/** A longitude/latitude pair as arguments, checked against the range Redis can index. @internal */
export function coordinates(point: GeoCoordinates | undefined, name: string): [number, number] {
  if (typeof point !== "object" || point === null)
    throw new InvalidArgumentError(`${name}: expected { longitude, latitude }, got ${describe(point)}.`);
  const longitude = numeric(point.longitude, `${name} longitude`);
  const latitude = numeric(point.latitude, `${name} latitude`);
  if (!(Math.abs(longitude) <= 180))
    throw new InvalidArgumentError(`${name}: longitude must be within -180..180, got ${longitude}.`);
  if (!(Math.abs(latitude) <= 85.05112878))
    throw new InvalidArgumentError(
      `${name}: latitude must be within -85.05112878..85.05112878, got ${latitude}.`,
    );
  return [longitude, latitude];
}

/** A radius, width or height: finite and not negative. @internal */
export function distance(value: unknown, name: string): number {
  const n = numeric(value, name);
  if (!Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError(`${name} must be a finite number >= 0, got ${n}.`);
  return n;
}

/** ASC/DESC, COUNT n [ANY] as arguments. @internal */
export function limitArgs(options: GeoLimitOptions, name: string): Arg[] {
  const out: Arg[] = [];
  if (options.count !== undefined) {
    out.push("COUNT", positiveInteger(options.count, `${name} count`));
    if (options.any) out.push("ANY");
  } else if (options.any) {
    throw new InvalidArgumentError(`${name}: any needs a count.`);
  }
  if (options.order !== undefined) {
    if (options.order !== "ASC" && options.order !== "DESC")
      throw new InvalidArgumentError(
        `${name}: order must be "ASC" or "DESC", got ${describe(options.order)}.`,
      );
    out.push(options.order);
  }
  return out;
}

/** WITHCOORD/WITHDIST/WITHHASH as arguments. @internal */
export function withArgs(options: GeoSearchOptions): Arg[] {
  const out: Arg[] = [];
  if (options.withCoord) out.push("WITHCOORD");
  if (options.withDist) out.push("WITHDIST");
  if (options.withHash) out.push("WITHHASH");
  return out;
}

/** A `[longitude, latitude]` reply, or `null`. @internal */
export function asCoordinates(reply: RawReply): GeoCoordinates | null {
  if (reply === null) return null;
  const [longitude, latitude] = asArray(reply);
  return { longitude: asNumber(longitude ?? null), latitude: asNumber(latitude ?? null) };
}

/**
 * Decodes GEOSEARCH/GEORADIUS replies: plain members, or `[member, dist?, hash?, [lon, lat]?]` arrays in that
 * order when WITH* options were given. @internal
 */
export function asGeoMatches(options: GeoSearchOptions): (reply: RawReply) => GeoMatch[] {
  const { withCoord, withDist, withHash } = options;
  return (reply) =>
    asArray(reply).map((item): GeoMatch => {
      if (!withCoord && !withDist && !withHash) return { member: asText(item) };
      const parts = asArray(item);
      let i = 0;
      const match: GeoMatch = { member: asText(parts[i++] ?? null) };
      if (withDist) match.distance = asNumber(parts[i++] ?? null);
      if (withHash) match.hash = asInteger(parts[i++] ?? null);
      if (withCoord) match.coordinates = asCoordinates(parts[i++] ?? null) ?? undefined;
      return match;
    });
}
