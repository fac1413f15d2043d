import {
  type BatchOptions,
  type RawReply,
  ReplyError,
  type SendOptions,
  type Transport,
  TransportError,
  type WireArg,
} from "@beeredis/core";
import { fromEnvelope, fromEnvelopeItem, fromEnvelopeList } from "./envelope.js";
import type { RestRequester } from "./requester.js";
import { toJsonArg } from "./wire.js";

interface Pending {
  argv: string[];
  timeoutMs: number;
  resolve(reply: RawReply): void;
  reject(error: unknown): void;
}

/** One pool's HTTP endpoint. Commands issued in the same tick share one `/pipeline` request. */
export class HttpTransport implements Transport {
  private queue: Pending[] = [];
  private closed = false;

  constructor(
    private readonly requester: RestRequester,
    private readonly autoPipelining: boolean,
  ) {}

  send(argv: readonly WireArg[], options: SendOptions): Promise<RawReply> {
    if (this.closed) return Promise.reject(closedError());
    let json: string[];
    try {
      json = argv.map(toJsonArg);
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

  async close(): Promise<void> {
    this.closed = true;
    const queued = this.queue.splice(0);
    for (const item of queued) item.reject(closedError());
  }

  private async single(argv: string[], timeoutMs: number): Promise<RawReply> {
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
