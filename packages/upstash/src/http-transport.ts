import {
  type BatchOptions,
  type RawReply,
  ReplyError,
  type SendOptions,
  type SubscriptionKind,
  type SubscriptionListener,
  type Transport,
  TransportError,
  type TransportSubscription,
  UnsupportedError,
  type WireArg,
} from "@beeredis/core";
import { fromEnvelope, fromEnvelopeItem, fromEnvelopeList } from "./envelope.js";
import type { SseStreams } from "./pubsub/sse-streams.js";
import type { RestRequester } from "./requester.js";
import { toJsonArg } from "./wire.js";

interface Pending {
  argv: readonly string[];
  timeoutMs: number;
  resolve(reply: RawReply): void;
  reject(error: unknown): void;
}

/** What sends the REST requests: our fetch requester, or an @upstash/redis client's (client.ts). */
export type RestPort = Pick<RestRequester, "post">;

/**
 * One pool's HTTP endpoint. Commands issued in the same tick share one `/pipeline` request. Subscriptions are SSE
 * streams when `streams` is given (the factory then declares `pubsub`).
 */
export class HttpTransport implements Transport {
  private queue: Pending[] = [];
  private closed = false;

  constructor(
    private readonly requester: RestPort,
    private readonly autoPipelining: boolean,
    private readonly streams?: SseStreams,
  ) {}

  send(argv: readonly WireArg[], options: SendOptions): Promise<RawReply> {
    if (this.closed) return Promise.reject(closedError());
    let json: readonly string[];
    try {
      json = toJsonArgs(argv);
    } catch (error) {
      return Promise.reject(error);
    }
    // A blocking command would hold up every command batched with it: it goes alone.
    if (!this.autoPipelining || options.blocking) return this.single(json, options.timeoutMs);
    return new Promise((resolve, reject) => {
      if (this.queue.push({ argv: json, timeoutMs: options.timeoutMs, resolve, reject }) === 1) {
        queueMicrotask(this.flush);
      }
    });
  }

  async batch(commands: readonly (readonly WireArg[])[], options: BatchOptions): Promise<RawReply[]> {
    if (this.closed) throw closedError();
    const body = commands.map((argv) => argv.map(toJsonArg));
    const reply = await this.requester.post(
      [options.atomic ? "multi-exec" : "pipeline"],
      body,
      options.timeoutMs,
    );
    return fromEnvelopeList(reply);
  }

  async subscribe(
    kind: SubscriptionKind,
    names: readonly WireArg[],
    listener: SubscriptionListener,
    options: SendOptions,
  ): Promise<TransportSubscription> {
    if (this.closed) throw closedError();
    if (!this.streams)
      throw new UnsupportedError(
        "This HTTP transport carries no pub/sub: pools built on an existing Upstash client cannot subscribe; use http().",
      );
    return this.streams.subscribe(kind, names, listener, options.timeoutMs);
  }

  async close(): Promise<void> {
    this.closed = true;
    const queued = this.queue.splice(0);
    for (const item of queued) item.reject(closedError());
    await this.streams?.close();
  }

  private async single(argv: readonly string[], timeoutMs: number): Promise<RawReply> {
    return fromEnvelope(await this.requester.post([], argv, timeoutMs));
  }

  private readonly flush = (): void => {
    const queued = this.queue.splice(0);
    if (queued.length === 1) {
      const [item] = queued;
      this.single(item!.argv, item!.timeoutMs).then(item!.resolve, item!.reject);
      return;
    }
    const timeoutMs = Math.max(...queued.map((item) => item.timeoutMs));
    this.requester
      .post(
        ["pipeline"],
        queued.map((item) => item.argv),
        timeoutMs,
      )
      .then(
        (reply) => {
          if (!Array.isArray(reply) || reply.length !== queued.length) {
            const error = new TransportError("The /pipeline reply does not match the request.");
            for (const item of queued) item.reject(error);
            return;
          }
          for (let i = 0; i < queued.length; i++) settle(queued[i]!, reply[i]);
        },
        (error) => {
          for (const item of queued) item.reject(error);
        },
      );
  };
}

/** `argv` as JSON strings: itself when every argument is a string already (most commands), else a converted copy. */
function toJsonArgs(argv: readonly WireArg[]): readonly string[] {
  for (const arg of argv) if (typeof arg !== "string") return argv.map(toJsonArg);
  return argv as readonly string[];
}

function settle(item: Pending, entry: unknown): void {
  try {
    const reply = fromEnvelopeItem(entry);
    if (reply instanceof ReplyError) item.reject(reply);
    else item.resolve(reply);
  } catch (error) {
    item.reject(error);
  }
}

function closedError(): TransportError {
  return new TransportError("The HTTP pool is closed: its validated registry was closed.");
}
