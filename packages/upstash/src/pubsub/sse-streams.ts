/**
 * The pub/sub subscriptions of one HTTP pool, each a Server-Sent Events stream of its own, as Upstash serves them:
 * `POST /subscribe/<channel>/<channel>...` or `POST /psubscribe/<pattern>...` (names percent-encoded) with the
 * Bearer token. Closing a subscription aborts its request; the endpoint then unsubscribes and lets its Redis
 * connection go, as soon as it sees the request gone.
 */
import {
  type SubscriptionKind,
  type SubscriptionListener,
  type TransportSubscription,
  UnsupportedError,
  type WireArg,
} from "@beeredis/core";
import type { Fetch } from "../requester.js";
import { toJsonArg } from "../wire.js";
import { SseSubscription } from "./sse-subscription.js";

/** How a pool's subscriptions connect and recover. */
export interface StreamOptions {
  /** The pool code, for error messages. */
  readonly pool: string;
  readonly retries: number;
  readonly resubscribeTimeoutMs: number;
  readonly fetch: Fetch;
}

/** The open subscriptions of one pool, and how new ones connect. */
export class SseStreams {
  // `#` private: it holds the token, which `console.log(pool)` or `JSON.stringify(pool)` must not show.
  readonly #authorization: string;
  private readonly url: string;
  private readonly open = new Set<SseSubscription>();

  constructor(
    url: string,
    token: string,
    private readonly options: StreamOptions,
  ) {
    this.url = url.replace(/\/+$/, "");
    this.#authorization = `Bearer ${token}`;
  }

  /**
   * Subscribes to `names`; resolves once the endpoint confirmed each of them.
   * @throws UnsupportedError for shard channels (the REST protocol has no SSUBSCRIBE) and non-UTF-8 names
   */
  async subscribe(
    kind: SubscriptionKind,
    names: readonly WireArg[],
    listener: SubscriptionListener,
    timeoutMs: number,
  ): Promise<TransportSubscription> {
    if (kind === "shard") {
      throw new UnsupportedError(
        "pool.ssubscribe() needs sharded pub/sub, which the HTTP transport cannot carry: the Upstash REST protocol streams SUBSCRIBE and PSUBSCRIBE only. Use pool.subscribe(), or the TCP transport (@beeredis/ioredis).",
      );
    }
    const texts = names.map(toJsonArg);
    const url = `${this.url}/${kind === "channel" ? "subscribe" : "psubscribe"}/${texts.map(encodeURIComponent).join("/")}`;
    const { pool, retries, resubscribeTimeoutMs, fetch: send } = this.options;
    const headers = { Authorization: this.#authorization, Accept: "text/event-stream" };
    const subscription: SseSubscription = new SseSubscription({
      pool,
      retries,
      resubscribeTimeoutMs,
      // Called detached, like the requester's: a runtime's own fetch refuses another `this`.
      connect: (signal) => send(url, { method: "POST", headers, signal }),
      names: texts,
      listener,
      timeoutMs,
      forget: () => this.open.delete(subscription),
    });
    this.open.add(subscription);
    await subscription.start();
    return subscription;
  }

  /** The transport is closing: every subscription ends without an error, and its stream is aborted. */
  async close(): Promise<void> {
    const all = [...this.open];
    this.open.clear();
    await Promise.all(all.map((subscription) => subscription.shutdown()));
  }
}
