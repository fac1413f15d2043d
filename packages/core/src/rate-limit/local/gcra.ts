/** @module GCRA in memory: mirrors ../gcra.ts (the theoretical arrival time, in µs). */
import type { LocalAlgorithm } from "./algorithm.js";

export const LOCAL_GCRA: LocalAlgorithm<number> = {
  decide(stored, { limit, windowUs, cost, peek, nowUs }) {
    const interval = Math.ceil(windowUs / limit);
    const capacity = interval * limit;
    let tat = Math.max(stored ?? nowUs, nowUs);
    const after = tat + cost * interval;
    const allowed = after - nowUs <= capacity;
    if (allowed && cost > 0 && !peek) tat = after;
    const retry = allowed ? 0 : after - capacity - nowUs;
    const remaining = Math.max(0, Math.floor((capacity - tat + nowUs) / interval));
    return {
      reply: [allowed ? 1 : 0, remaining, tat - nowUs, retry, nowUs],
      state: tat > nowUs ? tat : undefined,
      expiresAtUs: tat,
    };
  },
};
