/** @module Reading a request: the body within its size limit, and the command(s) it carries. */
import type { IncomingMessage } from "node:http";
import type { WireArg } from "@beeredis/core";
import { HttpError } from "./http-error.js";

/** A command as the gateway passes it on: the name, then its arguments. */
export type Argv = [string, ...WireArg[]];

/** The body, or `undefined` when it was over the limit (it was read and discarded, so a 413 can be answered). */
export type Body = Buffer | undefined;

/** Past this many times the limit, the rest of a body is not even drained: the answer closes the connection. */
const DRAIN_FACTOR = 8;

/**
 * Connections whose request body was given up on: the answer closes them, so a request pipelined behind it on the
 * same connection (already parsed, already dispatched) must not run: its answer could never be sent.
 */
const condemned = new WeakSet<object>();

/** True when `req` came on a connection that is being closed for an unread body (see {@link readBody}). */
export function onCondemnedConnection(req: IncomingMessage): boolean {
  return condemned.has(req.socket);
}

/**
 * Reads the whole body. Past `limit` bytes it stops keeping them and only drains the rest, so the client reads a
 * 413 rather than a reset connection; past `limit * 8` (or a Content-Length that says so) it stops reading, and
 * the answer closes the connection (see `send`). With `keep: false` nothing is kept at all.
 * Resolves to `undefined` when the body was over the limit. A body that is already buffered whole (see
 * `bufferedBody`) is returned at once, not as a promise.
 */
export function readBody(req: IncomingMessage, limit: number, keep: boolean): Promise<Body> | Body {
  const buffered = keep ? bufferedBody(req, limit) : undefined;
  if (buffered !== undefined) return buffered;
  // A request that waited in its token's line may find its client gone: its stream is destroyed and emits nothing
  // more, so waiting for its events would hold the request's share of the token's budget for ever.
  if (req.destroyed) return Promise.reject(new HttpError(400, GONE));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const declared = Number(req.headers["content-length"] ?? 0);
    let tooLarge = declared > limit;
    const giveUp = () => {
      condemned.add(req.socket);
      req.off("data", onData);
      req.pause();
      resolve(undefined);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (size > limit * DRAIN_FACTOR) giveUp();
      else if (keep && !tooLarge) chunks.push(chunk);
    };
    if (declared > limit * DRAIN_FACTOR) return giveUp();
    req.on("data", onData);
    req.on("end", () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on("error", () => reject(new HttpError(400, "The request body could not be read.")));
    req.on("close", () => {
      if (!req.complete) reject(new HttpError(400, GONE));
    });
  });
}

const GONE = "The client closed the connection before its body was read.";

const EMPTY = Buffer.alloc(0);

/**
 * The body when the whole request has already been parsed and its body waits in the stream's buffer (a small
 * request arrives with its headers in one read): taken at once, without listeners, events or a promise.
 * `undefined` when it is still arriving, or over the limit (the streaming path then drains it and answers 413).
 */
function bufferedBody(req: IncomingMessage, limit: number): Buffer | undefined {
  if (req.readableFlowing !== null || req.readableLength > limit) return undefined;
  // Node hands the request over between parsing its body and marking it complete: a body of the declared length
  // is whole already.
  if (!req.complete && req.readableLength !== Number(req.headers["content-length"])) return undefined;
  // Read in paused mode: the request then emits no 'end' or 'close', which nothing on this path listens to.
  const data = req.read() as Buffer | null;
  return data ?? EMPTY;
}

const SHAPE = 'a JSON array of strings and numbers such as ["SET", "key", "value"]';

/** `POST /`: one command as a JSON array. */
export function parseCommandBody(body: Buffer): Argv {
  return toArgv(parseJson(body), undefined);
}

/** `POST /pipeline` and `/multi-exec`: a JSON array of at most `max` commands. */
export function parseBatchBody(body: Buffer, max: number): Argv[] {
  const value = parseJson(body);
  if (!Array.isArray(value) || value.length === 0) {
    throw new HttpError(400, `The body must be a non-empty JSON array of commands, each ${SHAPE}.`);
  }
  if (value.length > max) {
    throw new HttpError(
      413,
      `The request holds ${value.length} commands, over this gateway's limit of ${max}.`,
    );
  }
  for (let i = 0; i < value.length; i++) toArgv(value[i], i);
  return value as Argv[];
}

/**
 * Path style: `/set/key/value` is `SET key value`; each segment is URL-decoded. A non-empty body of a POST is
 * appended, as raw bytes, as the last argument (`POST /set/key` with the value as the body).
 */
export function parsePath(pathname: string, body: Buffer | undefined): Argv {
  const segments = pathname.split("/").slice(1);
  if (segments.length > 1 && segments[segments.length - 1] === "") segments.pop();
  let args: string[];
  try {
    args = segments.map((segment) => decodeURIComponent(segment));
  } catch {
    throw new HttpError(400, "The path is not valid URL encoding.");
  }
  const [name, ...rest] = args;
  if (name === undefined || name === "")
    throw new HttpError(400, "No command: use /COMMAND/arg1/arg2 or POST / with a JSON array.");
  return body !== undefined && body.length > 0 ? [name, ...rest, body] : [name, ...rest];
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) throw new HttpError(400, `The body is empty; it must be ${SHAPE}.`);
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new HttpError(400, "The body is not valid JSON.");
  }
}

/**
 * The parsed array itself, its arguments converted in place (it is this request's own, fresh from JSON.parse).
 * `index`: the command's place in a batch, named in refusals; `undefined` for a single command.
 */
function toArgv(value: unknown, index: number | undefined): Argv {
  if (!Array.isArray(value) || value.length === 0)
    throw new HttpError(400, `${what(index)} must be ${SHAPE}.`);
  // The name's spelling is judged by the policy (plain ASCII only), which also names it in its answer.
  if (typeof value[0] !== "string")
    throw new HttpError(400, `${what(index)}: the command name must be a string, such as "GET".`);
  for (let i = 1; i < value.length; i++) {
    const arg: unknown = value[i];
    if (typeof arg !== "string") value[i] = toArg(arg, index, i);
  }
  return value as Argv;
}

/** How refusals name the command at `index` of a batch, or the single command of a body. */
function what(index: number | undefined): string {
  return index === undefined ? "The body" : `Command ${index + 1}`;
}

/**
 * Strings pass as they are and numbers in their decimal form. Booleans and null become "true"/"false"/"null".
 * Integers beyond ±(2^53−1) were already rounded by JSON parsing, and numbers beyond a double's range read as
 * infinity, so both are refused rather than silently changed: send them as strings.
 */
function toArg(arg: unknown, command: number | undefined, index: number): string {
  if (typeof arg === "string") return arg;
  if (typeof arg === "number") {
    if (!Number.isFinite(arg)) {
      throw new HttpError(
        400,
        `${what(command)}: argument ${index} is a number too large for JSON to carry (it reads as infinity); send it as a string.`,
      );
    }
    if (Number.isInteger(arg) && !Number.isSafeInteger(arg)) {
      throw new HttpError(
        400,
        `${what(command)}: argument ${index} is an integer beyond 2^53, which JSON cannot carry exactly; send it as a string.`,
      );
    }
    return String(arg);
  }
  // @upstash/redis sends booleans unconverted, and @upstash/ratelimit a JSON null for an unused script argument.
  if (typeof arg === "boolean" || arg === null) return String(arg);
  const kind = Array.isArray(arg) ? "an array" : typeof arg;
  throw new HttpError(
    400,
    `${what(command)}: argument ${index} is ${kind}; arguments must be strings or numbers.`,
  );
}
