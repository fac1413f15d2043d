/** @module Hash commands. */
export const hashCommands = {};
