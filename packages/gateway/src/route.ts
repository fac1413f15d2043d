/** @module One request from arrival to answer: method, token, body, route, handler, timeout, error mapping. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { isReplyError } from "@beeredis/core";
import type { TokenStore } from "./auth.js";
import type { Backend } from "./backend.js";
import type { RequestDeadlines } from "./deadlines.js";
import { type Encoding, errorBody } from "./encode.js";
import { type RequestContext, runCommand, runPipeline, runTransaction } from "./handlers.js";
import { HttpError, toHttpError } from "./http-error.js";
import type { Limits } from "./limits.js";
import type { ResolvedOptions } from "./options.js";
import type { CommandPolicy } from "./policy/policy.js";
import { onCondemnedConnection, parseBatchBody, parseCommandBody, parsePath, readBody } from "./request.js";
import { send } from "./respond.js";
import { type StreamContext, serveSubscription, subscriptionRoute } from "./subscriptions.js";
import type { SyncClock } from "./sync-token.js";

/** Routes with a JSON body; anything else is a path-style command. Compared directly: no hashing of the path. */
function bodyRoute(path: string): boolean {
  return path === "/" || path === "/pipeline" || path === "/multi-exec";
}

/** What every request shares. */
export interface Shared {
  readonly config: ResolvedOptions;
  readonly backend: Backend;
  /** Provisions the lanes' ACL users again and reconnects, unless `generation` was already renewed. */
  readonly relogin: (generation: number) => Promise<void>;
  /** Stops a script Redis runs past its busy threshold (run-on-lane.ts), over the gateway's own login. */
  readonly stopScripts: () => void;
  readonly tokens: TokenStore;
  readonly policy: CommandPolicy;
  readonly limits: Limits;
  /** The request timeout (`requestTimeoutMs`) of every request. */
  readonly deadlines: RequestDeadlines;
  /** What SSE subscriptions share (subscriptions.ts). */
  readonly streams: Omit<StreamContext, "grant" | "syncToken">;
  readonly scrub: (text: string) => string;
  /** The two reply encodings, built once: strings in base64 (`Upstash-Encoding: base64`) or as text. */
  readonly encodings: { readonly base64: Encoding; readonly text: Encoding };
}

/** Serves one request. Never rejects: every failure is answered as JSON with its status. */
export async function handle(shared: Shared, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = shared.config.log === undefined ? 0 : performance.now();
  const method = req.method ?? "GET";
  // The path is taken as sent: URL parsing would resolve "." and ".." segments, which are arguments here.
  const target = req.url ?? "/";
  const queryAt = target.indexOf("?");
  const rawPath = queryAt === -1 ? target : target.slice(0, queryAt);
  const rawQuery = queryAt === -1 ? "" : target.slice(queryAt + 1);
  const route = bodyRoute(rawPath) ? rawPath : "path";
  let status = 200;
  let message: string | undefined;
  let release: (() => void) | undefined;
  let bodyRead = false;
  // The token's read-your-writes clock, once the request is authenticated; answers before that carry no token.
  let sync: SyncClock | undefined;
  try {
    const hasBody = method === "POST" || method === "PUT";
    if (!hasBody && (method !== "GET" || route !== "path")) {
      await readBody(req, shared.config.maxBodyBytes, false);
      throw new HttpError(
        405,
        `${method} is not allowed here: use POST${route === "path" ? " or GET" : ""}.`,
      );
    }
    const grant = shared.tokens.authenticate(req, rawQuery);
    sync = grant?.sync;
    if (grant === undefined) {
      await readBody(req, shared.config.maxBodyBytes, false);
      throw new HttpError(401, "Unauthorized: send a valid token as Authorization: Bearer <token>.");
    }
    const stream = route === "path" ? subscriptionRoute(rawPath) : undefined;
    if (stream !== undefined) {
      if ((await readBody(req, shared.config.maxBodyBytes, false)) === undefined) throw tooLarge(shared);
      await serveSubscription(
        { ...shared.streams, grant, syncToken: () => grant.sync.token() },
        res,
        req,
        stream,
      );
      return log(shared, { method, route: "subscribe", status: 200, started });
    }
    // A token's requests beyond its share wait here, before their bodies are read into memory. A body of unknown
    // length weighs the most one may.
    const declared = Number(req.headers["content-length"] ?? (hasBody ? Number.NaN : 0));
    const weight = Number.isFinite(declared) && declared >= 0 ? declared : shared.config.maxBodyBytes;
    // Always a promise: by the time it resolves, a body sent with the headers has been parsed into the stream.
    release = await shared.limits.request(grant, Math.min(weight, shared.config.maxBodyBytes));
    const read = readBody(req, shared.config.maxBodyBytes, hasBody);
    const body = read instanceof Promise ? await read : read;
    if (body === undefined) throw tooLarge(shared);
    bodyRead = true;
    // Pipelined behind a body the gateway stopped reading: the connection closes before this answer could go out.
    if (onCondemnedConnection(req))
      throw new HttpError(400, "The connection is closing: send the request again.");
    const ctx: RequestContext = {
      backend: shared.backend,
      policy: shared.policy,
      limits: shared.limits,
      grant,
      encoding: asksBase64(req.headers["upstash-encoding"]) ? shared.encodings.base64 : shared.encodings.text,
      maxResponseBytes: shared.config.maxResponseBytes,
      relogin: shared.relogin,
      stopScripts: shared.stopScripts,
      sync: grant.sync,
    };
    const maxCommands = shared.config.maxPipelineCommands;
    const work =
      route === "/pipeline"
        ? runPipeline(ctx, parseBatchBody(body, maxCommands))
        : route === "/multi-exec"
          ? runTransaction(ctx, parseBatchBody(body, maxCommands))
          : runCommand(
              ctx,
              route === "/" ? parseCommandBody(body) : parsePath(rawPath, hasBody ? body : undefined),
            );
    send(req, res, 200, await shared.deadlines.within(work), grant.sync.token(), bodyRead);
  } catch (error) {
    const failure = toHttpError(error, shared.scrub);
    status = failure.status;
    message = loggedMessage(error, failure.message);
    send(req, res, status, errorBody(failure.message), sync?.token(), bodyRead);
  } finally {
    release?.();
  }
  if (shared.config.log !== undefined) log(shared, { method, route, status, started, message });
}

function tooLarge(shared: Shared): HttpError {
  return new HttpError(413, `The request body is over the limit of ${shared.config.maxBodyBytes} bytes.`);
}

/**
 * What the log says of a failure: the client's message, but of a Redis error reply only its code. Redis quotes
 * the command in its errors ("unknown command 'x', with args beginning with: ..."), as do scripts
 * (`redis.error_reply(ARGV[1])`), and the log never carries arguments.
 */
function loggedMessage(error: unknown, message: string): string {
  if (!isReplyError(error)) return message;
  return `${error.prefix || "a script's"} error reply from Redis (its text is not logged: it may quote arguments)`;
}

/** `Upstash-Encoding: base64`, in any case. */
function asksBase64(header: string | string[] | undefined): boolean {
  return header === "base64" || (typeof header === "string" && /^base64$/i.test(header));
}

/** Reports one answered request to the `log` option. */
function log(
  shared: Shared,
  entry: { method: string; route: string; status: number; started: number; message?: string },
): void {
  try {
    shared.config.log?.({
      method: entry.method,
      route: entry.route,
      status: entry.status,
      ms: Math.round(performance.now() - entry.started),
      ...(entry.message ? { error: entry.message } : {}),
    });
  } catch {
    // A throwing logger must not take the gateway down.
  }
}
