import type { Cases } from "./context.js";

export const streamCases: Cases = (_ctx, _it) => {};
