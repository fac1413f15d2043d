/**
 * @module The Upstash REST envelope, read here only: a reply body is `{ result }` or `{ error }`, and /pipeline and
 * /multi-exec answer a list of them.
 */
import { type RawReply, ReplyError, TransportError } from "@beeredis/core";
import { fromJsonResult } from "./wire.js";

/** One reply of the Upstash REST protocol: a command's result, or its error reply. */
export interface UpstashResponse {
  readonly result?: unknown;
  readonly error?: string;
}

/** The error reply an envelope carries (a string `error`), if it is one. */
export function errorOf(body: unknown): string | undefined {
  const error = typeof body === "object" && body !== null ? (body as UpstashResponse).error : undefined;
  return typeof error === "string" ? error : undefined;
}

/** A single command's reply (POST /): its result; its error reply is thrown as a `ReplyError`. */
export function fromEnvelope(body: unknown): RawReply {
  const reply = fromEnvelopeItem(body);
  if (reply instanceof ReplyError) throw reply;
  return reply;
}

/** One item of a /pipeline or /multi-exec reply: its result, or its error reply as a `ReplyError` entry. */
export function fromEnvelopeItem(item: unknown): RawReply {
  const error = errorOf(item);
  if (error !== undefined) return new ReplyError(error);
  if (typeof item !== "object" || item === null) throw unexpected();
  return fromJsonResult((item as UpstashResponse).result);
}

/**
 * Every item of a /pipeline or /multi-exec reply. A transaction the server rejected (EXECABORT) is one `{ error }`
 * instead of a list: thrown as a `ReplyError`.
 */
export function fromEnvelopeList(body: unknown): RawReply[] {
  if (Array.isArray(body)) return body.map(fromEnvelopeItem);
  const error = errorOf(body);
  throw error === undefined ? unexpected() : new ReplyError(error);
}

function unexpected(): TransportError {
  return new TransportError("Unexpected HTTP reply.");
}
