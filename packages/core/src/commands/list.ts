/** @module List commands. */
export const listCommands = {};
