import type { Cases } from "./context.js";

export const geoCases: Cases = (_ctx, _it) => {};
