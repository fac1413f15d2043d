/** @module Geo: points up to longitude ±180 (geohashes beyond 2^53), searches with every WITH* option. */
import fc from "fast-check";
import { key, member } from "../inputs.js";
import { type Family, gen, op } from "../op.js";
import type { Raw } from "../rules.js";
import { count, float, int, list, text, textOf } from "../rules.js";

const longitude = fc.oneof(
  fc.constantFrom(180, -180, 0, 179.999999),
  fc.double({ min: -180, max: 180, noNaN: true }),
);
const latitude = fc.oneof(
  fc.constantFrom(85.05112878, -85.05112878, 0),
  fc.double({ min: -85, max: 85, noNaN: true }),
);
const point = fc.record({ longitude, latitude });
const withs = fc.record({ withCoord: fc.boolean(), withDist: fc.boolean(), withHash: fc.boolean() });
type Withs = { withCoord: boolean; withDist: boolean; withHash: boolean };

const coordinates = (r: Raw) => {
  if (r === null) return null;
  const [longitude, latitude] = r as Raw[];
  return { longitude: float(longitude!), latitude: float(latitude!) };
};

/** GEOSEARCH items: a name, or `[name, dist?, hash?, [lon, lat]?]` with what was asked. */
function matches(w: Withs) {
  return list((item) => {
    if (!w.withCoord && !w.withDist && !w.withHash) return { member: textOf(item) };
    const parts = [...(item as Raw[])];
    const out: Record<string, unknown> = { member: textOf(parts.shift()!) };
    if (w.withDist) out.distance = float(parts.shift()!);
    if (w.withHash) out.hash = int(parts.shift()!);
    if (w.withCoord) out.coordinates = coordinates(parts.shift()!);
    return out;
  });
}

const withArgs = (w: Withs) => [
  ...(w.withCoord ? ["WITHCOORD"] : []),
  ...(w.withDist ? ["WITHDIST"] : []),
  ...(w.withHash ? ["WITHHASH"] : []),
];

export const geo: Family = () => [
  gen([key, fc.array(fc.record({ member, longitude, latitude }), { minLength: 1, maxLength: 3 })], (k, ms) =>
    op(
      "geoadd",
      [k, ms],
      ["GEOADD", k, ...ms.flatMap((m) => [String(m.longitude), String(m.latitude), m.member])],
      count,
    ),
  ),
  gen([key, member, member], (k, a, b) => op("geodist", [k, a, b, "km"], ["GEODIST", k, a, b, "km"], float)),
  gen([key, fc.array(member, { minLength: 1, maxLength: 3 })], (k, ms) =>
    op("geohash", [k, ...ms], ["GEOHASH", k, ...ms], list(text)),
  ),
  gen([key, fc.array(member, { minLength: 1, maxLength: 3 })], (k, ms) =>
    op("geopos", [k, ...ms], ["GEOPOS", k, ...ms], list(coordinates)),
  ),
  gen([key, point, withs], (k, p, w) =>
    op(
      "geosearch",
      [k, p, { radius: 20_000, unit: "km" }, { ...w, order: "ASC" }],
      [
        "GEOSEARCH",
        k,
        "FROMLONLAT",
        String(p.longitude),
        String(p.latitude),
        "BYRADIUS",
        "20000",
        "km",
        "ASC",
        ...withArgs(w),
      ],
      matches(w),
    ),
  ),
  gen([key, member, withs], (k, m, w) =>
    op(
      "georadiusbymember",
      [k, m, 500, "km", { ...w, order: "DESC", count: 5 }],
      ["GEORADIUSBYMEMBER", k, m, "500", "km", "COUNT", "5", "DESC", ...withArgs(w)],
      matches(w),
    ),
  ),
  gen([key, key, point], (d, k, p) =>
    op(
      "geosearchstore",
      [d, k, p, { width: 40_000, height: 20_000, unit: "km" }],
      [
        "GEOSEARCHSTORE",
        d,
        k,
        "FROMLONLAT",
        String(p.longitude),
        String(p.latitude),
        "BYBOX",
        "40000",
        "20000",
        "km",
      ],
      count,
    ),
  ),
];
