/** @module How every failure becomes an HTTP status and a JSON `{ error }` that leaks no internals. */
import { isBeeRedisError, isReplyError, type ReplyError, type TransportError } from "@beeredis/core";

/** A failure answered with `status` and `{ error: message }`. The message is safe to show to clients. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/**
 * The error reply behind `error` when Redis refused the gateway's own connection or command: the TCP transport
 * reports a refused login or SELECT as a `TransportError` (nothing was sent) caused by the server's reply.
 */
export function redisRefusal(error: unknown): ReplyError | undefined {
  const refusal = isBeeRedisError(error) && error.code === "TRANSPORT" ? error.cause : error;
  return isReplyError(refusal) ? refusal : undefined;
}

/**
 * Redis refused the gateway's own login (a wrong or missing password in its Redis URL, or ACL users Redis forgot
 * in a restart). Only as the TCP transport reports it: a `TransportError` with nothing sent, caused by the reply to
 * the connection's AUTH. A command's own error reply never counts, whatever its text: a client's script can answer
 * `redis.error_reply("NOAUTH ...")`, and taking that for a refused login would make the gateway log in again,
 * drop every tenant's connections and run the request a second time.
 */
export function isGatewayAuthFailure(error: unknown): boolean {
  if (!isBeeRedisError(error) || error.code !== "TRANSPORT" || (error as TransportError).sent) return false;
  const refusal = (error as TransportError).cause;
  return isReplyError(refusal) && (refusal.prefix === "WRONGPASS" || refusal.prefix === "NOAUTH");
}

/**
 * Maps anything thrown while serving a request to the status and message the client sees.
 * - `HttpError`: as it is;
 * - beeredis `ReplyError` (a command error), `ForbiddenCommandError`, `InvalidArgumentError`,
 *   `UnsupportedError`: 400, with the (scrubbed) message reworded for HTTP clients;
 * - a refused login of the gateway's own (see {@link isGatewayAuthFailure}): 503, so no client takes it for a
 *   verdict on its token;
 * - `TransportError`: 504 when it was a timeout, else 503, with a fixed sentence (never the cause's text, which
 *   names the Redis address);
 * - anything else: 500 with a fixed sentence (a bug; the stack is never sent).
 */
export function toHttpError(error: unknown, scrub: (text: string) => string): HttpError {
  if (error instanceof HttpError) return error;
  if (isBeeRedisError(error)) {
    if (isGatewayAuthFailure(error)) {
      return new HttpError(
        503,
        "Redis refused the gateway's credentials (check the Redis URL it was started with); nothing was run.",
      );
    }
    switch (error.code) {
      case "REPLY_ERROR":
        return new HttpError(400, scrub(error.message));
      case "FORBIDDEN_COMMAND": {
        // Core's reason names library APIs (pool.multi(), pool.subscribe()); say what applies over HTTP instead.
        const command = String((error as { command?: unknown }).command ?? "This command");
        return new HttpError(
          400,
          `ERR ${command} is not allowed through this gateway${FORBIDDEN_HINTS[command] ?? "."}`,
        );
      }
      case "INVALID_ARGUMENT":
        return new HttpError(400, scrub(error.message.replace(/^call: /, "ERR ")));
      case "UNSUPPORTED":
        // Core's sentence ends with advice for library users ("use the TCP transport"); keep the first one.
        return new HttpError(400, `ERR ${scrub(firstSentence(error.message))}`);
      case "TRANSPORT":
        return (error as TransportError).timedOut
          ? new HttpError(
              504,
              "Redis did not answer in time (it may be down or overloaded); the command's outcome is unknown.",
            )
          : new HttpError(503, "Redis is unavailable; the command's outcome is unknown. Try again later.");
      default:
        break;
    }
  }
  return new HttpError(500, "Internal gateway error.");
}

const TRANSACTION_HINT = ": send the whole transaction to POST /multi-exec.";
const PUBSUB_HINT = ": subscriptions need a connection of their own, which REST cannot hold.";
const FORBIDDEN_HINTS: Readonly<Record<string, string>> = {
  MULTI: TRANSACTION_HINT,
  EXEC: TRANSACTION_HINT,
  DISCARD: TRANSACTION_HINT,
  WATCH: ": WATCH needs a connection of its own, which REST cannot hold.",
  UNWATCH: ": WATCH needs a connection of its own, which REST cannot hold.",
  SUBSCRIBE: PUBSUB_HINT,
  PSUBSCRIBE: PUBSUB_HINT,
  SSUBSCRIBE: PUBSUB_HINT,
  UNSUBSCRIBE: PUBSUB_HINT,
  PUNSUBSCRIBE: PUBSUB_HINT,
  SUNSUBSCRIBE: PUBSUB_HINT,
};

function firstSentence(text: string): string {
  const end = text.indexOf(". ");
  return end === -1 ? text : text.slice(0, end + 1);
}

/**
 * A function that hides the gateway's own Redis address in an error reply passed on to clients: the host and
 * port it was configured with, and the node addresses of a cluster redirection (MOVED/ASK). Any other text, an
 * address a user's script put in its own error included, is passed on as it is.
 */
export function addressScrubber(redis: string): (text: string) => string {
  const literals = redisHostLiterals(redis);
  return (text) => {
    if (/^(MOVED|ASK) \d+ /.test(text)) return text.replace(/^(MOVED|ASK) (\d+) .*/s, "$1 $2 <redis>");
    let out = text;
    for (const literal of literals) out = out.split(literal).join("<redis>");
    return out;
  };
}

function redisHostLiterals(redis: string): string[] {
  let host = "";
  let port = "";
  try {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(redis)) {
      const url = new URL(redis);
      host = url.hostname.replace(/^\[|\]$/g, "");
      port = url.port;
    } else if (!redis.startsWith("/")) {
      const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(redis);
      host = match?.[1]?.replace(/^\[|\]$/g, "") ?? "";
      port = match?.[2] ?? "";
    } else {
      return [redis];
    }
  } catch {
    return [];
  }
  // host:port only: a bare host ("127.0.0.1", "redis") would also rewrite ordinary text of a user's own errors.
  return host && port ? [`${host}:${port}`] : [];
}
