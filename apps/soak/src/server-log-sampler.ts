/**
 * @module Reads the sliding logs of the hot keys straight from Redis (past the proxies) while the load runs.
 * An allowed decision stays in its key's log for at least one window, so sampling every half window sees
 * nearly every entry, including those whose reply never reached a client. Each entry is `"<µs>-<n>"` scored by
 * the server's time of decision: the server's own record, with no client clock involved.
 */
import type { Redis } from "ioredis";
import { sleep } from "./sleep.js";

export class ServerLogSampler {
  /** Every log entry seen, per Redis key: member → score (µs). */
  readonly entries = new Map<string, Map<string, number>>();
  /** Samples that failed (Redis restarting); the entries they missed are usually seen by the next one. */
  missedSamples = 0;

  constructor(
    private readonly admin: Redis,
    private readonly redisKeys: readonly string[],
    private readonly everyMs: number,
  ) {}

  async run(stop: AbortSignal): Promise<void> {
    while (!stop.aborted) {
      await Promise.all(this.redisKeys.map((key) => this.sample(key)));
      await sleep(this.everyMs);
    }
  }

  /** The scores (µs) of every entry seen in `redisKey`'s log. */
  times(redisKey: string): number[] {
    return [...(this.entries.get(redisKey)?.values() ?? [])];
  }

  private async sample(redisKey: string): Promise<void> {
    let reply: string[];
    try {
      reply = await this.admin.zrange(redisKey, "0", "-1", "WITHSCORES");
    } catch {
      this.missedSamples++;
      return;
    }
    const seen = this.entries.get(redisKey) ?? new Map<string, number>();
    this.entries.set(redisKey, seen);
    for (let i = 0; i + 1 < reply.length; i += 2) seen.set(reply[i]!, Number(reply[i + 1]));
  }
}
