import type { Cases } from "./context.js";

export const hyperLogLogCases: Cases = (_ctx, _it) => {};
