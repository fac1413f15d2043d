/** A response as the transport reads it, over Node's `IncomingMessage`: far cheaper to build than a `Response`. */
import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import type { FetchResponse } from "../requester.js";

export class NodeResponse implements FetchResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  // `#` private: the message leads to its request, whose headers hold the token (`console.log(response)`).
  readonly #message: IncomingMessage;
  #body: ReadableStream<Uint8Array> | undefined;

  constructor(
    readonly url: string,
    message: IncomingMessage,
  ) {
    this.#message = message;
    this.status = message.statusCode ?? 0;
    this.ok = this.status >= 200 && this.status < 300;
    this.headers = { get: (name) => joined(message.headers[name.toLowerCase()]) };
  }

  /**
   * The body as UTF-8 text (a character split across chunks is decoded whole). Rejects with the error that ended
   * the message: a reset connection, or the abort signal's reason.
   */
  text(): Promise<string> {
    const message = this.#message;
    // Failed before anyone listened (an abort or a reset right after the headers): Node kept the error.
    if (message.errored) return Promise.reject(message.errored);
    return new Promise((resolve, reject) => {
      let text = "";
      message.setEncoding("utf8");
      message.on("data", (chunk: string) => {
        text += chunk;
      });
      message.once("end", () => resolve(text));
      message.once("error", reject);
    });
  }

  /** The body as a web stream of bytes, for the subscriptions' SSE; made only when asked for. */
  get body(): ReadableStream<Uint8Array> {
    this.#body ??= Readable.toWeb(this.#message) as ReadableStream<Uint8Array>;
    return this.#body;
  }
}

/** A header's value as `Headers.get()` gives it: repeated ones joined with ", ". */
function joined(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(", ") : value;
}
