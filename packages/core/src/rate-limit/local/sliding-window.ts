/** @module The sliding window counter in memory: mirrors ../sliding-window.ts (two epoch-aligned buckets). */
import type { LocalAlgorithm } from "./algorithm.js";

interface Buckets {
  readonly start: number;
  readonly cur: number;
  readonly prev: number;
}

export const LOCAL_SLIDING_WINDOW: LocalAlgorithm<Buckets> = {
  decide(stored, { limit, windowUs: window, cost, peek, nowUs: now }) {
    const elapsed = now % window;
    const start = now - elapsed;
    let cur = 0;
    let prev = 0;
    if (stored?.start === start) {
      cur = stored.cur;
      prev = stored.prev;
    } else if (stored?.start === start - window) {
      prev = stored.cur;
    }
    let used = (prev * (window - elapsed)) / window + cur;
    const allowed = used + cost <= limit;
    if (allowed && cost > 0 && !peek) {
      cur += cost;
      used += cost;
    }
    let retry = 0;
    if (!allowed) {
      const free = limit - cur - cost;
      if (free >= 0) {
        const at = window - (free * window) / prev;
        if (at < window) retry = Math.ceil(at - elapsed);
      }
      if (retry <= 0) {
        const at = cur > 0 ? Math.max(0, window - ((limit - cost) * window) / cur) : 0;
        retry = Math.ceil(window - elapsed + at);
      }
    }
    const reset = cur > 0 ? start + 2 * window - now : prev > 0 ? start + window - now : 0;
    return {
      reply: [allowed ? 1 : 0, Math.max(0, Math.floor(limit - used)), reset, retry, now],
      state: cur > 0 || prev > 0 ? { start, cur, prev } : undefined,
      expiresAtUs: now + reset,
    };
  },
};
