import type { Cases } from "./context.js";

export const rateLimitCases: Cases = (_ctx, _it) => {};
