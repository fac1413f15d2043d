/** @module The exact sliding log in memory: mirrors ../sliding-log.ts. */
import type { LocalAlgorithm } from "./algorithm.js";

/** One entry per allowed unit of cost: its time in µs, oldest first. */
type Log = number[];

export const LOCAL_SLIDING_LOG: LocalAlgorithm<Log> = {
  decide(log = [], { limit, windowUs, cost, peek, nowUs }) {
    const live = log.filter((at) => at > nowUs - windowUs);
    const count = live.length;
    const allowed = count + cost <= limit;
    if (allowed && cost > 0 && !peek) {
      for (let i = 0; i < cost; i++) live.push(nowUs);
      return {
        reply: [1, limit - count - cost, windowUs, 0, nowUs],
        state: live,
        expiresAtUs: nowUs + windowUs,
      };
    }
    const reset = count > 0 ? live[count - 1]! + windowUs - nowUs : 0;
    const retry = allowed ? 0 : live[count + cost - limit - 1]! + windowUs - nowUs;
    const expiresAtUs = count > 0 ? live[count - 1]! + windowUs : nowUs;
    return {
      reply: [allowed ? 1 : 0, Math.max(0, limit - count), reset, retry, nowUs],
      state: count > 0 ? live : undefined,
      expiresAtUs,
    };
  },
};
