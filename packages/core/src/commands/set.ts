/** @module Set commands. */
export const setCommands = {};
