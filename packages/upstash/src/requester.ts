/**
 * Upstash REST requests over `fetch`. Ours rather than @upstash/redis' HttpClient, which calls the global `fetch`
 * (none can be passed in) and re-sends a request once after a network error even with `retry: false`, so a
 * connection reset after the request arrived could run a write twice.
 */
import { describeFailure, ReplyError, TransportError } from "@beeredis/core";
import { errorOf } from "./envelope.js";
import { parseExactJson } from "./json.js";
import { requestDeadline } from "./request-deadline.js";

/**
 * What the transport reads of a response: a `Response` fits, and so does a lighter object (`nodeFetch()` of
 * `@beeredis/upstash/node`). `body` is read by subscriptions only, `url` by their error messages.
 */
export interface FetchResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly url: string;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
  readonly body: ReadableStream<Uint8Array> | null;
}

/** The part of `fetch` the transport uses; a wrapper with tracing, a custom agent or a mock server fits. */
export type Fetch = (url: string, init: RequestInit) => Promise<FetchResponse>;

/** Looked up per request, so a runtime's (or a test's) replacement of the global `fetch` is honoured. */
export const globalFetch: Fetch = (url, init) => fetch(url, init);

/** POSTs commands as JSON with `Upstash-Encoding: base64`, leaving the base64 to us (bytes stay exact). */
export class RestRequester {
  // `#` private: it holds the token, which `console.log(pool)` or `JSON.stringify(pool)` must not show.
  readonly #headers: Record<string, string>;
  /** Upstash's read-your-writes token: echoed back so a replica answers only once it has our last write. */
  private syncToken = "";
  /** Whether the URL ever answered over HTTP: a connection closed unanswered before then hints at a Redis port. */
  private answered = false;

  private readonly url: string;
  /** How errors name the pool: `Redis pool "default" (https://host/)`. */
  private readonly label: string;

  constructor(
    url: string,
    token: string,
    private readonly retries: number,
    private readonly send: Fetch,
    pool = "default",
  ) {
    this.url = url.replace(/\/+$/, "");
    this.label = poolLabel(pool, url);
    this.#headers = {
      Authorization: `Bearer ${token}`,
      "Content-Type": "application/json",
      "Upstash-Encoding": "base64",
    };
  }

  /**
   * POSTs `body` to `/path` and resolves to the parsed JSON body (`{ result }`, `{ error }` or a list of them).
   * @throws ReplyError for a 400 with an `{ error }` body (the REST server's envelope of a command's error reply,
   * whatever its text), or another error status carrying a Redis error (`WRONGPASS` …).
   * @throws TransportError on a timeout, a network failure or any other error status.
   */
  async post(path: string[], body: unknown, timeoutMs: number): Promise<unknown> {
    const init: RequestInit = { method: "POST", headers: this.#headers, body: JSON.stringify(body) };
    const url = path.length === 0 ? this.url : `${this.url}/${path.join("/")}`;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(url, init, timeoutMs);
      } catch (error) {
        if (error instanceof ReplyError || error instanceof TransportError) throw error;
        if (attempt >= this.retries || !neverArrived(error)) throw this.failed(error, timeoutMs);
        await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt * (0.5 + Math.random())));
      }
    }
  }

  private async once(url: string, init: RequestInit, timeoutMs: number): Promise<unknown> {
    if (this.syncToken) init.headers = { ...this.#headers, "upstash-sync-token": this.syncToken };
    // The signal also bounds reading the body. No `cache` field: Cloudflare Workers reject it.
    const deadline = requestDeadline(timeoutMs);
    init.signal = deadline.signal;
    const send = this.send; // called detached: a runtime's own fetch refuses another `this`
    try {
      const response = await send(url, init);
      this.answered = true;
      this.syncToken = response.headers.get("upstash-sync-token") ?? this.syncToken;
      const text = await response.text();
      const parsed = parseJson(text);
      if (response.ok && parsed.ok) return parsed.value;
      throw errorStatus(response.status, parsed.ok ? parsed.value : text, this.label, url);
    } finally {
      deadline.clear();
    }
  }

  /** A request that got no HTTP answer: timed out (outcome unknown), or a network failure. */
  private failed(error: unknown, timeoutMs: number): TransportError {
    const name = error instanceof Error ? error.name : "";
    if (name === "TimeoutError" || name === "AbortError") {
      const reason = `timed out after ${timeoutMs} ms`;
      return new TransportError(`${this.label}: ${reason}. The command's outcome is unknown.`, {
        cause: error,
        timedOut: true,
        reason,
      });
    }
    const known = describeFailure(error);
    const { reason } = known;
    const hint = known.hint ?? (!this.answered && CLOSED_UNANSWERED.has(reason) ? NOT_REST : undefined);
    const sent = !neverArrived(error);
    const outcome = sent ? "The command's outcome is unknown." : "Nothing was sent.";
    return new TransportError(`${this.label}: ${reason}.${hint ? ` ${hint}` : ""} ${outcome}`, {
      cause: error,
      unreachable: true,
      sent,
      reason,
    });
  }
}

/** How a connection closed with no HTTP answer reads: a reset, or an end ("other side closed"), as timing has it. */
const CLOSED_UNANSWERED = new Set(["connection reset", "connection lost"]);

/** A Redis server's own port drops an HTTP request unanswered (Redis takes "POST" for an attack): the likely cause. */
const NOT_REST =
  "Is the URL a REST endpoint (Upstash, or a beeredis gateway)? A Redis server's own port drops HTTP requests: reach it with tcp() from @beeredis/ioredis.";

/** `Redis pool "default" (https://host/path)`: the URL without credentials, query or fragment. */
export function poolLabel(pool: string, url: string): string {
  return `Redis pool "${pool}" (${shownUrl(url)})`;
}

/** Redis error replies start with an upper-case code: ERR, WRONGTYPE, WRONGPASS, NOSCRIPT, EXECABORT... */
const REDIS_ERROR = /^[A-Z][A-Z_-]+(?:\s|$)/;

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: parseExactJson(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * An error status, or a success whose body is not JSON. A 400's `{ error }` is the command's error reply: Redis
 * refused it, so its outcome is known, and a script's `redis.error_reply("My error here")` has no upper-case code
 * to recognise it by. On other statuses only a Redis error code makes it a ReplyError.
 */
function errorStatus(status: number, body: unknown, label: string | undefined, url: string): Error {
  const error = errorOf(body);
  if (error !== undefined && (status === 400 || REDIS_ERROR.test(error))) return new ReplyError(error);
  const detail = error ?? (typeof body === "string" ? body.slice(0, 200) : "");
  const reason = `HTTP ${status} from ${shownUrl(url)}`;
  const hint = status === 401 || status === 403 ? " Check the pool's token." : "";
  // 502/503: the endpoint cannot reach its Redis now; 504: its Redis did not answer in time, so it may still run.
  return new TransportError(`${label ? `${label}: ` : ""}${reason}${detail ? ` (${detail})` : ""}.${hint}`, {
    timedOut: status === 504,
    unreachable: status === 502 || status === 503,
    reason,
  });
}

/** The URL without credentials, query or fragment (an unparsable one never reaches a transport). */
function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return url;
  }
}

/** Connection refused or the host unknown: the request surely never reached the server, so a retry is safe. */
export function neverArrived(error: unknown): boolean {
  const failure = error as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = failure?.cause?.code ?? failure?.code;
  return (
    code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "ConnectionRefused"
  );
}

/**
 * The error an HTTP error status and its body text stand for, for the paths that read the body themselves (the
 * SSE subscriptions): as for commands, a Redis error message is a ReplyError and anything else a TransportError.
 */
export function statusError(status: number, text: string, url: string): Error {
  const parsed = parseJson(text);
  return errorStatus(status, parsed.ok ? parsed.value : text, undefined, url);
}

/** Whether an endpoint's error text is a Redis error reply (for the @upstash/redis client's errors). */
export function isRedisError(text: string): boolean {
  return REDIS_ERROR.test(text);
}
