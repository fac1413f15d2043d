/** @module Bitmap commands. */
export const bitmapCommands = {};
