import type { Cases } from "./context.js";

export const bitmapCases: Cases = (_ctx, _it) => {};
