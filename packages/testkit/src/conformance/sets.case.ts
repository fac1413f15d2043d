import type { Cases } from "./context.js";

export const setsCases: Cases = (_ctx, _it) => {};
