/** @module The fixed window in memory: mirrors ../fixed-window.ts (a counter that expires a window after it starts). */
import type { LocalAlgorithm } from "./algorithm.js";

interface Counter {
  readonly count: number;
  readonly expiresAtUs: number;
}

export const LOCAL_FIXED_WINDOW: LocalAlgorithm<Counter> = {
  decide(stored, { limit, windowUs, cost, peek, nowUs }) {
    const live = stored !== undefined && stored.expiresAtUs > nowUs ? stored : undefined;
    let count = live?.count ?? 0;
    let expiresAtUs = live?.expiresAtUs ?? nowUs;
    const allowed = count + cost <= limit;
    if (allowed && cost > 0 && !peek) {
      if (live === undefined) expiresAtUs = nowUs + Math.ceil(windowUs / 1000) * 1000;
      count += cost;
    }
    const reset = count > 0 ? expiresAtUs - nowUs : 0;
    return {
      reply: [allowed ? 1 : 0, Math.max(0, limit - count), reset, allowed ? 0 : reset, nowUs],
      state: count > 0 ? { count, expiresAtUs } : undefined,
      expiresAtUs,
    };
  },
};
