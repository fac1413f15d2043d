import type { Cases } from "./context.js";

export const listsCases: Cases = (_ctx, _it) => {};
