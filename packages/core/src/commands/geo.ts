/** @module Geo commands, merged from the files under `./geo/`. */

import { geoAddCommands } from "./geo/add.js";
import { geoSearchCommands } from "./geo/search.js";
import { merge } from "./merge.js";

export type { GeoAddOptions } from "./geo/add.js";
export type {
  GeoCoordinates,
  GeoLimitOptions,
  GeoMatch,
  GeoMember,
  GeoSearchBy,
  GeoSearchFrom,
  GeoSearchOptions,
  GeoStoreOptions,
  GeoUnit,
} from "./geo/shared.js";

export const geoCommands = /* @__PURE__ */ merge(geoAddCommands, geoSearchCommands);
