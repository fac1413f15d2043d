import type { Cases } from "./context.js";

export const sortedSetsCases: Cases = (_ctx, _it) => {};
