/**
 * @module Per-token and gateway-wide bounds on requests in flight and on connections held by blocking commands
 * (SSE streams included). The gateway-wide blocking slots are split into a share each token is sure of and a
 * common rest, so tokens flooding with blocking commands or streams cannot leave another token none.
 */
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

/**
 * The blocking slots each of `tokens` tokens is sure of: the total split evenly, at most `blockingPerToken`. The
 * total less these shares is the common rest, which a token takes from only once its share is in use.
 */
export function blockingShare(settings: LimitSettings, tokens: number): number {
  return Math.min(settings.blockingPerToken, Math.floor(settings.blockingTotal / tokens));
}

/** A sentence for `gateway.warnings` when there are more tokens than blocking slots, so some have no share. */
export function blockingShareWarning(settings: LimitSettings, tokens: number): string[] {
  if (blockingShare(settings, tokens) > 0) return [];
  return [
    `${tokens} tokens share maxBlockingTotal (${settings.blockingTotal}) blocking slots, fewer than one each: a few tokens' blocking commands and SSE streams can hold them all. Raise maxBlockingTotal (and Redis' maxclients) to at least the number of tokens.`,
  ];
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
  private readonly share: number;
  /** Slots neither held nor owed to a token's share: what tokens past their share may take. */
  private readonly commonRest: number;
  /** Slots tokens hold past their share. */
  private borrowed = 0;

  /** @param tokens how many tokens the gateway accepts (the keys given to {@link Limits.blockingSlot}) */
  constructor(
    private readonly settings: LimitSettings,
    tokens: number,
  ) {
    this.share = blockingShare(settings, tokens);
    this.commonRest = settings.blockingTotal - tokens * this.share;
  }

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

  /**
   * A blocking slot of `token`: one of its share while that lasts, then one of the common rest. A 429 when the
   * token holds `blockingPerToken`, or its share and the rest are in use. So the slots in use never pass
   * `blockingTotal`, and every token can always have its share.
   */
  blockingSlot(token: object): () => void {
    const counters = this.countersOf(token);
    const { blockingPerToken, blockingTotal } = this.settings;
    const pastShare = counters.blocking >= this.share;
    if (counters.blocking >= blockingPerToken || (pastShare && this.borrowed >= this.commonRest)) {
      const which =
        counters.blocking >= blockingPerToken
          ? `this token's limit of ${blockingPerToken}`
          : `the gateway's limit of ${blockingTotal}, of which this token's share is ${this.share}`;
      throw new HttpError(429, `Too many blocking commands waiting at once (${which}): retry shortly.`);
    }
    counters.blocking++;
    if (pastShare) this.borrowed++;
    return once(() => {
      counters.blocking--;
      if (counters.blocking >= this.share) this.borrowed--;
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
