/** The HTTP plumbing, from @upstash/redis: headers, read-your-writes sync tokens, keep-alive and JSON handling. */
import { ReplyError, TransportError } from "@beeredis/core";
import { Redis, type Requester } from "@upstash/redis";

/** Exposes the HttpClient that @upstash/redis builds for a URL and token. */
class UpstashClient extends Redis {
  get requester(): Requester {
    return this.client;
  }
}

/** Sends Upstash REST requests with `Upstash-Encoding: base64`, leaving the base64 to us (bytes stay exact). */
export class UpstashRequester {
  private readonly requester: Requester;

  constructor(
    url: string,
    token: string,
    private readonly retries: number,
  ) {
    this.requester = new UpstashClient({
      url,
      token,
      // We decode base64 ourselves into bytes; @upstash/redis would decode it into (lossy) UTF-8 text.
      responseEncoding: false,
      automaticDeserialization: false,
      enableTelemetry: false,
      // Retries are ours (see http-transport.ts): only failures where the request surely never arrived.
      retry: false,
    }).requester;
  }

  /**
   * POSTs `body` to `/path` and resolves to the parsed JSON body (`{ result }`, `{ error }` or a list of them).
   * @throws TransportError on a timeout, a network failure or an HTTP error status without a Redis error.
   */
  async post(path: string[], body: unknown, timeoutMs: number): Promise<unknown> {
    // A signal *function* makes @upstash/redis rethrow on abort instead of answering "Aborted" as a result.
    const signal = Number.isFinite(timeoutMs) ? () => AbortSignal.timeout(timeoutMs) : undefined;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.requester.request({ path, body, headers: BASE64, signal } as never);
      } catch (error) {
        if (attempt >= this.retries || !neverArrived(error)) throw toTransportError(error, timeoutMs);
        await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt * (0.5 + Math.random())));
      }
    }
  }
}

const BASE64 = { "Upstash-Encoding": "base64" };
/** Redis error replies start with an upper-case code: ERR, WRONGTYPE, NOSCRIPT, EXECABORT... */
const REDIS_ERROR = /^[A-Z][A-Z_-]+(?:\s|$)/;

/** Connection refused or the host unknown: the request surely never reached the server, so a retry is safe. */
function neverArrived(error: unknown): boolean {
  const code = ((error as { cause?: { code?: unknown } } | null)?.cause?.code ?? "") as string;
  return code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN";
}

function toTransportError(error: unknown, timeoutMs: number): Error {
  const name = error instanceof Error ? error.name : "";
  if (name === "TimeoutError" || name === "AbortError") {
    return new TransportError(`The HTTP request timed out after ${timeoutMs} ms; its outcome is unknown.`, {
      cause: error,
    });
  }
  if (name === "UpstashError") {
    // An HTTP error status with `{ error }`. @upstash/redis appends ", command was: [...]" with every argument:
    // keep values out of our messages. A Redis error message ("ERR ...", "WRONGTYPE ...", "WRONGPASS ..." for a
    // bad token) is a ReplyError; anything else (the endpoint failing, Redis unreachable behind it) is not.
    const message = (error as Error).message;
    const cut = message.lastIndexOf(", command was: ");
    const text = cut >= 0 ? message.slice(0, cut) : message;
    if (REDIS_ERROR.test(text)) return new ReplyError(text, { cause: error });
    return new TransportError(`The HTTP endpoint answered with an error: ${text}`, { cause: error });
  }
  return new TransportError(
    `The HTTP request failed: ${error instanceof Error ? error.message : String(error)}.`,
    {
      cause: error,
    },
  );
}
