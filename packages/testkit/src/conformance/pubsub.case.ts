import type { Cases } from "./context.js";

export const pubsubCases: Cases = (_ctx, _it) => {};
