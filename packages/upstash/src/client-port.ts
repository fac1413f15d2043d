/**
 * REST requests sent through an @upstash/redis client's own requester (`redis.client.request`), handed to the
 * transport in the wire format our requester returns, so one parser (wire.ts) reads both.
 */
import { ReplyError, TransportError } from "@beeredis/core";
import { requestDeadline } from "./request-deadline.js";
import { isRedisError } from "./requester.js";

/** The part of @upstash/redis' `Requester` used here (its `HttpClient` in 1.x). */
export interface UpstashRequester {
  request(request: { path?: string[]; body?: unknown; signal?: AbortSignal }): Promise<unknown>;
  /** The REST URL, on the client's `HttpClient`. */
  readonly baseUrl?: unknown;
}

const utf8 = new TextEncoder();

/** The transport's REST port over an @upstash/redis requester: same requests, same replies as ours. */
export class UpstashClientPort {
  constructor(private readonly requester: UpstashRequester) {}

  async post(path: string[], body: unknown, timeoutMs: number): Promise<unknown> {
    const { signal, clear } = requestDeadline(timeoutMs);
    let reply: unknown;
    try {
      reply = await this.requester.request({ path, body, signal });
    } catch (error) {
      throw signal?.aborted ? timedOut(timeoutMs, error) : clientError(error);
    } finally {
      clear();
    }
    // On an aborted request the client resolves to a made-up 200 reply (a `null` result) instead of rejecting.
    if (signal?.aborted) throw timedOut(timeoutMs);
    return Array.isArray(reply) ? reply.map(entry) : entry(reply);
  }
}

/**
 * One `{ result, error }` back in the wire format: the client decoded every base64 string to text, so each is
 * encoded again (its UTF-8 bytes in base64). Bytes that were not UTF-8 were already lost in the client.
 */
function entry(item: unknown): unknown {
  const { result, error } = (item ?? {}) as { result?: unknown; error?: unknown };
  return typeof error === "string" ? { error } : { result: encode(result) };
}

function encode(value: unknown): unknown {
  if (typeof value === "string") return toBase64(utf8.encode(value));
  return Array.isArray(value) ? value.map(encode) : value;
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function timedOut(timeoutMs: number, cause?: unknown): TransportError {
  return new TransportError(`The HTTP request timed out after ${timeoutMs} ms; its outcome is unknown.`, {
    cause,
  });
}

/**
 * The client's errors as ours. An error status is an `UpstashError` whose message is the endpoint's error text
 * followed by `, command was: <the body>`: that part is cut, as arguments have no place in an error message.
 */
function clientError(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.name === "UpstashError") {
    const cut = message.indexOf(", command was: ");
    const text = cut === -1 ? message : message.slice(0, cut);
    return isRedisError(text)
      ? new ReplyError(text)
      : new TransportError(`The HTTP endpoint refused the request: ${text}`);
  }
  return new TransportError(`The HTTP request failed: ${message}.`, { cause: error });
}
