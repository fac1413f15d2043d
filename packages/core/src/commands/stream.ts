/** @module Stream commands. */
export const streamCommands = {};
