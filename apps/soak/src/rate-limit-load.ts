/**
 * @module Rate-limit decisions on hot keys (asked far more often than the limit allows) and cold keys (many keys,
 * each asked a few times per window), through `pool.rateLimiter()` (sliding-log) and `pool.rateLimit()`, over every client at once. The
 * keys are shared by both calls and both transports, so all of them count against one limit per key.
 */
import type { RateLimiter } from "@beeredis/core";
import { type Client, perTransport } from "./clients.js";
import type { ErrorTally } from "./error-tally.js";
import { runLoops } from "./loops.js";
import type { CallInterval } from "./rate-limit-checks.js";

export const RATE_LIMIT = 10;
export const RATE_WINDOW_MS = 1000;
export const HOT_KEYS = ["rl:hot:0", "rl:hot:1"];
const COLD_KEYS = 300;
/** One decision in this many goes through `pool.rateLimit()`, which answers a bare boolean. */
const BOOLEAN_EVERY = 3;

/** One allowed decision: the caller's interval and, from `rateLimiter()`, the server's time of decision in µs. */
export interface AllowedDecision extends CallInterval {
  serverUs?: number;
}

export class RateLimitLoad {
  readonly decisions = perTransport();
  denied = 0;
  /** Allowed decisions, per key. */
  readonly allowed = new Map<string, AllowedDecision[]>();
  private calls = 0;

  constructor(private readonly errors: ErrorTally) {}

  /** Runs `loopsPerClient` decision loops on every client until `stop` aborts. */
  async run(clients: readonly Client[], loopsPerClient: number, stop: AbortSignal): Promise<void> {
    await Promise.all(
      clients.map((client) => {
        const limiter = limiterOf(client);
        return runLoops(loopsPerClient, stop, () => this.decide(client, limiter));
      }),
    );
  }

  private async decide(client: Client, limiter: RateLimiter): Promise<boolean> {
    const call = this.calls++;
    // Every other call on a hot key, the rest spread over the cold ones.
    const key =
      call % 2 === 0 ? HOT_KEYS[(call / 2) % HOT_KEYS.length]! : `rl:cold:${(call * 7919) % COLD_KEYS}`;
    const start = performance.now();
    try {
      let allowed: boolean;
      let serverUs: number | undefined;
      if (call % BOOLEAN_EVERY === 0) {
        allowed = await client.pool.rateLimit(key, RATE_WINDOW_MS, RATE_LIMIT);
      } else {
        const result = await limiter.limit(key);
        allowed = result.allowed;
        // serverTime is ms with µs precision: back to the script's integer µs.
        if (result.serverTime !== undefined) serverUs = Math.round(result.serverTime * 1000);
      }
      const end = performance.now();
      this.decisions[client.transport]++;
      if (allowed) this.record(key, { start, end, serverUs });
      else this.denied++;
      return true;
    } catch (error) {
      this.errors.record(error);
      return false;
    }
  }

  private record(key: string, decision: AllowedDecision): void {
    const list = this.allowed.get(key) ?? [];
    this.allowed.set(key, list);
    list.push(decision);
  }
}

/** The sliding-log limiter `pool.rateLimit()` uses too (same prefix, limit and window). */
export function limiterOf(client: Client): RateLimiter {
  return client.pool.rateLimiter({ algorithm: "sliding-log", limit: RATE_LIMIT, window: RATE_WINDOW_MS });
}
