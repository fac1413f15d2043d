/**
 * @module `pool.subscribe()`, `pool.psubscribe()` and `pool.ssubscribe()`: a subscription on a dedicated
 * connection, consumed as an async iterable that unsubscribes and closes the connection when the loop ends.
 */
import { isBeeRedisError, TransportError } from "../errors.js";
import type { RawPubSubMessage, TransportSubscription } from "../transport.js";

/** One message of `pool.subscribe()` or `pool.ssubscribe()`. `T` is `string`, or `Uint8Array` with `{ bytes: true }`. */
export interface PubSubMessage<T = string> {
  /** The channel it was published to, as UTF-8 text. */
  channel: string;
  message: T;
}

/** One message of `pool.psubscribe()`, with the subscribed pattern that matched. */
export interface PatternMessage<T = string> extends PubSubMessage<T> {
  pattern: string;
}

/** Options of `subscribe()`, `psubscribe()` and `ssubscribe()`. */
export interface SubscribeOptions {
  /** Deliver each message as its exact bytes (`Uint8Array`) instead of UTF-8 text. */
  bytes?: boolean;
  /**
   * How many received messages may wait for the consumer. When a slow consumer lets more pile up, the
   * subscription is closed and the iterator throws `TransportError` once the waiting messages are consumed
   * (Redis itself disconnects subscribers that fall too far behind). `Infinity` never closes it.
   * @default 10000
   */
  maxBuffered?: number;
  /**
   * How many bytes of received messages (channel, pattern and payload, as Redis sent them) may wait for the
   * consumer; past it the subscription is closed as for {@link maxBuffered}. Bounds the memory a slow consumer
   * of large messages holds. `Infinity` never closes it.
   * @default Infinity
   */
  maxBufferedBytes?: number;
}

/** The default of {@link SubscribeOptions.maxBuffered}. */
export const DEFAULT_MAX_BUFFERED = 10_000;

/** How much may wait for a subscription's consumer (see {@link SubscribeOptions}). */
export interface BufferLimits {
  readonly messages: number;
  readonly bytes: number;
}

type Decode<M> = (raw: RawPubSubMessage) => M;
type Waiter<M> = { resolve(result: IteratorResult<M, undefined>): void; reject(error: unknown): void };

const DONE: IteratorResult<never, undefined> = { done: true, value: undefined };

/**
 * A live subscription. Iterate it with `for await`; breaking out of the loop (or `close()`, or `await using`)
 * unsubscribes and closes its connection. It starts subscribing as soon as it is created: await `ready` before
 * publishing when the first messages matter. Messages that arrive before the consumer asks for them wait in
 * order, up to {@link SubscribeOptions.maxBuffered} messages and {@link SubscribeOptions.maxBufferedBytes} bytes.
 * @example
 * const news = pool.subscribe("news");
 * await news.ready;
 * for await (const { channel, message } of news) {
 *   if (message === "stop") break; // unsubscribes and closes the connection
 * }
 */
export class Subscription<M> implements AsyncIterableIterator<M, undefined, undefined>, AsyncDisposable {
  /** Resolves once the server confirmed every subscription; rejects when subscribing failed. */
  readonly ready: Promise<void>;
  private readonly queue: M[] = [];
  /** Each queued message's size in bytes, at the same index, and their total from `head` on. */
  private readonly sizes: number[] = [];
  private bufferedBytes = 0;
  private head = 0;
  private readonly waiters: Waiter<M>[] = [];
  private handle: TransportSubscription | undefined;
  private failure: unknown;
  private ended = false;
  private closing: Promise<void> | undefined;

  /** @internal */
  constructor(
    open: (listener: {
      message(raw: RawPubSubMessage): void;
      end(error?: Error): void;
    }) => Promise<TransportSubscription>,
    private readonly decode: Decode<M>,
    private readonly limits: BufferLimits,
  ) {
    let opened: Promise<TransportSubscription>;
    try {
      opened = open({ message: (raw) => this.push(raw), end: (error) => this.end(error) });
    } catch (error) {
      opened = Promise.reject(error);
    }
    this.ready = opened.then(
      (handle) => {
        // Closed (or failed) while subscribing: close the connection it just got.
        if (this.ended) return handle.close();
        this.handle = handle;
      },
      (error: unknown) => {
        this.end(error);
        throw error;
      },
    );
    // Reported through next() as well, so an unawaited `ready` is never an unhandled rejection.
    this.ready.catch(() => undefined);
  }

  /** The next message; waits for one. Done once the subscription is closed. */
  next(): Promise<IteratorResult<M, undefined>> {
    if (this.head < this.queue.length) {
      this.bufferedBytes -= this.sizes[this.head]!;
      const value = this.queue[this.head++]!;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.sizes.splice(0, this.head);
        this.head = 0;
      }
      return Promise.resolve({ done: false, value });
    }
    if (this.failure !== undefined) {
      const error = this.failure;
      this.failure = undefined;
      return Promise.reject(error);
    }
    if (this.ended) return Promise.resolve(DONE);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Called when a `for await` loop ends early: unsubscribes and closes the connection. */
  async return(): Promise<IteratorResult<M, undefined>> {
    await this.close();
    return DONE;
  }

  /** Unsubscribes and closes the connection. Idempotent; never rejects. Pending `next()` calls resolve as done. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.finish(undefined);
    this.queue.length = 0;
    this.sizes.length = 0;
    this.bufferedBytes = 0;
    this.head = 0;
    this.failure = undefined;
    const handle = this.handle;
    this.handle = undefined;
    // Opening still in flight: `ready` closes the handle when it arrives.
    this.closing = handle ? handle.close() : this.ready.then(noop, noop);
    return this.closing;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private push(raw: RawPubSubMessage): void {
    if (this.ended) return;
    let message: M;
    try {
      message = this.decode(raw);
    } catch (error) {
      this.fail(error);
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) {
      waiter.resolve({ done: false, value: message });
      return;
    }
    const { messages, bytes } = this.limits;
    if (this.queue.length - this.head >= messages) {
      this.fail(
        new TransportError(
          `The subscriber fell behind: more than ${messages} messages were waiting, so the subscription was closed. Consume faster or raise maxBuffered.`,
        ),
      );
      return;
    }
    const size = raw.channel.byteLength + raw.message.byteLength + (raw.pattern?.byteLength ?? 0);
    if (this.bufferedBytes + size > bytes) {
      this.fail(
        new TransportError(
          `The subscriber fell behind: more than ${bytes} bytes of messages were waiting, so the subscription was closed. Consume faster or raise maxBufferedBytes.`,
        ),
      );
      return;
    }
    this.queue.push(message);
    this.sizes.push(size);
    this.bufferedBytes += size;
  }

  /** The transport ended the subscription: cleanly (registry closed) or with an error (connection lost). */
  private end(error: unknown): void {
    this.handle = undefined;
    if (error === undefined) this.finish(undefined);
    else this.finish(isBeeRedisError(error) ? error : new TransportError(String(error), { cause: error }));
  }

  /** Ends with an error and closes the connection; waiting messages are still delivered first. */
  private fail(error: unknown): void {
    const handle = this.handle;
    this.handle = undefined;
    this.finish(error);
    if (handle) void handle.close();
  }

  private finish(error: unknown): void {
    if (this.ended) return;
    this.ended = true;
    const waiters = this.waiters.splice(0);
    if (error !== undefined && waiters.length > 0) {
      waiters.shift()!.reject(error);
    } else if (error !== undefined) {
      this.failure = error;
    }
    for (const waiter of waiters) waiter.resolve(DONE);
  }
}

function noop(): void {}
