/** @module HyperLogLog commands. */
export const hyperLogLogCommands = {};
