import type { Cases } from "./context.js";

export const functionCases: Cases = (_ctx, _it) => {};
