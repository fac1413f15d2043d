/** @module Sorted set commands. */
export const sortedSetCommands = {};
