import type { Cases } from "./context.js";

export const hashesCases: Cases = (_ctx, _it) => {};
