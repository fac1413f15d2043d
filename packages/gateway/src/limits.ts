/** @module Per-token and gateway-wide bounds on requests in flight and on connections held by blocking commands. */
import { HttpError } from "./http-error.js";

/** The limits, all positive integers. */
export interface LimitSettings {
  /** Requests of one token served at once; more wait in line. */
  readonly requestsPerToken: number;
  /** Requests of one token waiting in line; past it, 429. */
  readonly queuedPerToken: number;
  /** Blocking commands (each holds a Redis connection while it waits) of one token at once; past it, 429. */
  readonly blockingPerToken: number;
  /** Blocking commands of all tokens at once; past it, 429. */
  readonly blockingTotal: number;
}

/** What is counted for one token. */
class TokenCounters {
  inFlight = 0;
  blocking = 0;
  readonly waiting: (() => void)[] = [];
}

/** Gives out request and blocking slots; a caller releases each slot it was given exactly once. */
export class Limits {
  private readonly counters = new Map<object, TokenCounters>();
  private blocking = 0;

  constructor(private readonly settings: LimitSettings) {}

  /**
   * A request slot of `token`: at once while it has fewer than `requestsPerToken` in flight, else in arrival
   * order once one is released. Rejects with 429 when the line is full, so one token's flood cannot hold more
   * than its share of the gateway's memory and of Redis' attention.
   */
  request(token: object): Promise<() => void> {
    const counters = this.countersOf(token);
    const release = () => {
      const next = counters.waiting.shift();
      if (next) next();
      else counters.inFlight--;
    };
    if (counters.inFlight < this.settings.requestsPerToken) {
      counters.inFlight++;
      return Promise.resolve(once(release));
    }
    if (counters.waiting.length >= this.settings.queuedPerToken) {
      return Promise.reject(
        new HttpError(
          429,
          `Too many requests in flight for this token (${this.settings.requestsPerToken} served, ${this.settings.queuedPerToken} waiting): retry shortly.`,
        ),
      );
    }
    return new Promise((resolve) => counters.waiting.push(() => resolve(once(release))));
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
