/** @module Per-token and gateway-wide bounds on requests in flight and on connections held by blocking commands. */
import { HttpError } from "./http-error.js";

/** The limits, all positive integers. */
export interface LimitSettings {
  /**
   * Bytes of one token's requests served at once, each counting its body plus {@link REQUEST_OVERHEAD_BYTES};
   * more wait in line. A request is weighed by its size, since parsing, running and answering it costs the
   * gateway in proportion: a flood of large pipelines holds only a few at a time, small commands thousands.
   */
  readonly bytesPerToken: number;
  /** Requests of one token waiting in line; past it, 429. */
  readonly queuedPerToken: number;
  /** Blocking commands (each holds a Redis connection while it waits) of one token at once; past it, 429. */
  readonly blockingPerToken: number;
  /** Blocking commands of all tokens at once; past it, 429. */
  readonly blockingTotal: number;
}

/** What a request weighs beyond its body: the work every request costs, whatever its size. */
export const REQUEST_OVERHEAD_BYTES = 1024;

/** What is counted for one token. */
class TokenCounters {
  inFlight = 0;
  blocking = 0;
  readonly waiting: { weight: number; admit: () => void }[] = [];
}

/** Gives out request and blocking slots; a caller releases each slot it was given exactly once. */
export class Limits {
  private readonly counters = new Map<object, TokenCounters>();
  private blocking = 0;

  constructor(private readonly settings: LimitSettings) {}

  /**
   * A share of `token`'s budget for a request of `bodyBytes`: at once while the token's requests in flight weigh
   * less than `bytesPerToken`, else in arrival order as they finish. Rejects with 429 when the line is full, so
   * one token's flood can hold neither more than its share of the gateway nor another token's requests back.
   */
  request(token: object, bodyBytes: number): Promise<() => void> {
    const counters = this.countersOf(token);
    // One request alone may always run, however large (its body is bounded by maxBodyBytes).
    const weight = Math.min(bodyBytes + REQUEST_OVERHEAD_BYTES, this.settings.bytesPerToken);
    const release = once(() => {
      counters.inFlight -= weight;
      this.admitWaiting(counters);
    });
    if (counters.waiting.length === 0 && counters.inFlight + weight <= this.settings.bytesPerToken) {
      counters.inFlight += weight;
      return Promise.resolve(release);
    }
    if (counters.waiting.length >= this.settings.queuedPerToken) {
      return Promise.reject(
        new HttpError(
          429,
          `Too many requests in flight for this token (${counters.waiting.length} waiting): retry shortly.`,
        ),
      );
    }
    return new Promise((resolve) => counters.waiting.push({ weight, admit: () => resolve(release) }));
  }

  /** A blocking slot of `token`, or a 429 when the token or the gateway already holds as many as allowed. */
  blockingSlot(token: object): () => void {
    const counters = this.countersOf(token);
    if (counters.blocking >= this.settings.blockingPerToken || this.blocking >= this.settings.blockingTotal) {
      const which =
        counters.blocking >= this.settings.blockingPerToken
          ? `this token's limit of ${this.settings.blockingPerToken}`
          : `the gateway's limit of ${this.settings.blockingTotal}`;
      throw new HttpError(429, `Too many blocking commands waiting at once (${which}): retry shortly.`);
    }
    counters.blocking++;
    this.blocking++;
    return once(() => {
      counters.blocking--;
      this.blocking--;
    });
  }

  /** Admits waiting requests in arrival order while they fit. */
  private admitWaiting(counters: TokenCounters): void {
    while (counters.waiting.length > 0) {
      const next = counters.waiting[0]!;
      if (counters.inFlight + next.weight > this.settings.bytesPerToken) return;
      counters.waiting.shift();
      counters.inFlight += next.weight;
      next.admit();
    }
  }

  private countersOf(token: object): TokenCounters {
    let counters = this.counters.get(token);
    if (counters === undefined) {
      counters = new TokenCounters();
      this.counters.set(token, counters);
    }
    return counters;
  }
}

function once(release: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    release();
  };
}
