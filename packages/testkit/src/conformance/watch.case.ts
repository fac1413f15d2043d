import type { Cases } from "./context.js";

export const watchCases: Cases = (_ctx, _it) => {};
