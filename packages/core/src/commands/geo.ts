/** @module Geo commands. */
export const geoCommands = {};
