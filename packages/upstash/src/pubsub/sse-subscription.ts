/**
 * One subscription over SSE: a stream that delivers its messages until closed, and subscribes again with backoff
 * when the stream drops (messages published meanwhile are lost, as with any Redis pub/sub client).
 */
import {
  ReplyError,
  type SubscriptionListener,
  TransportError,
  type TransportSubscription,
} from "@beeredis/core";
import { type FetchResponse, neverArrived, statusError } from "../requester.js";
import { readEvent } from "./events.js";
import { SseParser } from "./sse-parser.js";

/** What a subscription needs from the pool's stream set. */
export interface SubscriptionSpec {
  /** Sends the subscribe request (POST /subscribe/... with the token). */
  readonly connect: (signal: AbortSignal) => Promise<FetchResponse>;
  /** The subscribed names, as text. */
  readonly names: readonly string[];
  readonly listener: SubscriptionListener;
  readonly pool: string;
  /** Bound of one subscribe request, until every name is confirmed. */
  readonly timeoutMs: number;
  /** Quick retries of the first request when it never reached the server. */
  readonly retries: number;
  /** How long a dropped stream keeps trying to subscribe again. */
  readonly resubscribeTimeoutMs: number;
  /** Called once the subscription is over, whichever way. */
  readonly forget: () => void;
}

/** An open stream: its reader and the parser of its events. */
interface Stream {
  readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly decoder: TextDecoder;
  readonly parser: SseParser;
}

/** Errors that subscribing again cannot fix: the endpoint refused the request (401, 403, 400...). */
const refusals = new WeakSet<object>();

const backoff = (attempt: number) => Math.min(50 * 2 ** attempt, 2000) * (0.5 + Math.random());

/** One subscription: `start()` subscribes, then it reads and resubscribes on its own until closed. */
export class SseSubscription implements TransportSubscription {
  private closed = false;
  private stream: Stream | undefined;
  private request: AbortController | undefined;
  private running: Promise<void> = Promise.resolve();
  private wake: (() => void) | undefined;

  constructor(private readonly spec: SubscriptionSpec) {}

  /** Subscribes; resolves once the server confirmed every name. Rejects (holding nothing) when it cannot. */
  async start(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        this.running = this.run(await this.connect());
        return;
      } catch (error) {
        if (this.closed || attempt >= this.spec.retries || !neverArrived((error as Error).cause)) {
          this.end();
          throw error;
        }
        await this.sleep(backoff(attempt));
      }
    }
  }

  /** Aborts the stream; the endpoint then unsubscribes. Idempotent; never rejects. */
  close(): Promise<void> {
    this.end();
    return this.running;
  }

  /** The transport is closing: the subscription ends without an error. */
  shutdown(): Promise<void> {
    if (!this.closed) this.spec.listener.end();
    return this.close();
  }

  private end(): void {
    if (this.closed) return;
    this.closed = true;
    this.spec.forget();
    this.request?.abort();
    this.stream?.reader.cancel().catch(() => undefined);
    this.wake?.();
  }

  /** Reads the stream, and the next ones after drops, until closed or given up. */
  private async run(stream: Stream): Promise<void> {
    for (;;) {
      const dropped = await this.pump(stream);
      if (this.closed) return;
      const next = await this.resubscribe(dropped);
      if (next === undefined) return;
      stream = next;
    }
  }

  /** Delivers the stream's messages; resolves with the reason it ended. */
  private async pump(stream: Stream): Promise<unknown> {
    try {
      for (;;) {
        const { done, value } = await stream.reader.read();
        if (done) return new TransportError("the server ended the stream");
        this.deliver(stream, value);
      }
    } catch (error) {
      return error;
    }
  }

  /** Subscribes again with backoff; after a refusal or past the time allowed, ends with a TransportError. */
  private async resubscribe(dropped: unknown): Promise<Stream | undefined> {
    const { pool, resubscribeTimeoutMs } = this.spec;
    const deadline = Date.now() + resubscribeTimeoutMs;
    let last = dropped;
    for (let attempt = 0; Date.now() < deadline && !refusals.has(last as object); attempt++) {
      await this.sleep(backoff(attempt));
      if (this.closed) return undefined;
      try {
        return await this.connect();
      } catch (error) {
        if (this.closed) return undefined;
        last = error;
      }
    }
    const why = refusals.has(last as object)
      ? "subscribing again was refused"
      : `it could not be subscribed again within ${resubscribeTimeoutMs} ms`;
    this.spec.listener.end(
      new TransportError(`Redis pool "${pool}": the subscription stream dropped and ${why}: ${text(last)}`, {
        cause: last,
      }),
    );
    this.end();
    return undefined;
  }

  /** One subscribe request: resolves once every name is confirmed, with the stream to read on. */
  private async connect(): Promise<Stream> {
    const { names, timeoutMs } = this.spec;
    const request = new AbortController();
    this.request = request;
    if (this.closed) request.abort();
    let timedOut = false;
    const timer = Number.isFinite(timeoutMs)
      ? setTimeout(() => {
          timedOut = true;
          request.abort();
        }, timeoutMs)
      : undefined;
    try {
      const response = await this.spec.connect(request.signal);
      if (!response.ok) {
        const error = statusError(response.status, await response.text(), response.url);
        if (response.status < 500 && response.status !== 408 && response.status !== 429) refusals.add(error);
        throw error;
      }
      if (!response.body) throw new TransportError("the endpoint answered without a stream");
      const stream = {
        reader: response.body.getReader(),
        decoder: new TextDecoder(),
        parser: new SseParser(),
      };
      this.stream = stream;
      for (let confirmed = 0; confirmed < names.length; ) {
        const { done, value } = await stream.reader.read();
        if (done) throw new TransportError("the stream ended before every subscription was confirmed");
        confirmed += this.deliver(stream, value);
      }
      return stream;
    } catch (error) {
      request.abort();
      throw this.failure(error, timedOut);
    } finally {
      clearTimeout(timer);
    }
  }

  /** What a failed subscribe request is reported as: a ReplyError as it is, anything else naming the pool. */
  private failure(error: unknown, timedOut: boolean): Error {
    const { pool, timeoutMs } = this.spec;
    if (this.closed)
      return new TransportError(`Redis pool "${pool}" is closed: its validated registry was closed.`);
    if (timedOut)
      return new TransportError(`Redis pool "${pool}": subscribing timed out after ${timeoutMs} ms.`);
    if (error instanceof ReplyError) return error;
    const failure = new TransportError(`Redis pool "${pool}": subscribing over HTTP failed: ${text(error)}`, {
      cause: error,
    });
    if (refusals.has(error as object)) refusals.add(failure);
    return failure;
  }

  /** Hands the chunk's messages to the listener; returns how many names it confirmed. */
  private deliver(stream: Stream, chunk: Uint8Array): number {
    let confirmed = 0;
    for (const data of stream.parser.push(stream.decoder.decode(chunk, { stream: true }))) {
      const event = readEvent(data, this.spec.names);
      if (event === "confirmed") confirmed++;
      else if (event !== undefined && !this.closed) this.spec.listener.message(event);
    }
    return confirmed;
  }

  /** Waits `ms`, or less when the subscription is closed meanwhile. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

function text(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
