import type { Cases } from "./context.js";

export const lockCases: Cases = (_ctx, _it) => {};
