/** @module Function (FUNCTION and FCALL) commands. */
export const functionCommands = {};
