/** @module Replies as Upstash REST JSON: `{ result }`, `{ error }`, base64 strings and exact big integers. */
import type { CallBytesReply } from "@beeredis/core";

/** How reply strings are written. */
export interface Encoding {
  /** `Upstash-Encoding: base64` was asked: every string is base64, except a top-level `"OK"`. */
  readonly base64: boolean;
  /** Applied to nested error messages (EXEC and script results), to remove internal addresses. */
  readonly scrub: (text: string) => string;
}

/** One entry of a `/pipeline` or `/multi-exec` answer: a reply, or the error message that command got. */
export type Item = { readonly reply: CallBytesReply } | { readonly error: string };

/** `{"result": ...}` for `POST /` and path-style commands. */
export function resultBody(reply: CallBytesReply, encoding: Encoding): string {
  return `{"result":${value(reply, encoding, true)}}`;
}

/** `{"error": "..."}`: every failed request, whatever its status. */
export function errorBody(message: string): string {
  return JSON.stringify({ error: message });
}

/** `[{"result": ...}, {"error": "..."}, ...]`, in order, for `/pipeline` and `/multi-exec`. */
export function itemsBody(items: readonly Item[], encoding: Encoding): string {
  const parts = items.map((item) =>
    "error" in item ? errorBody(item.error) : `{"result":${value(item.reply, encoding, true)}}`,
  );
  return `[${parts.join(",")}]`;
}

/**
 * The JSON text of one reply. Integers are written as their exact digits, bigints included (JSON has no size
 * limit; a JavaScript client reading them with JSON.parse gets the nearest double). Only a top-level `"OK"` is
 * left unencoded in base64 mode: `@upstash/redis` base64-decodes array elements without that exception.
 */
function value(reply: CallBytesReply, encoding: Encoding, top: boolean): string {
  if (reply === null) return "null";
  if (typeof reply === "number") return Number.isFinite(reply) ? String(reply) : "null";
  if (typeof reply === "bigint") return reply.toString();
  if (reply instanceof Uint8Array) return bytes(reply, encoding.base64, top);
  if (Array.isArray(reply)) return `[${reply.map((item) => value(item, encoding, false)).join(",")}]`;
  // A ReplyError nested in an array (a failed command inside EXEC, an error returned by a script).
  return errorBody(encoding.scrub(reply.message));
}

function bytes(data: Uint8Array, base64: boolean, top: boolean): string {
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (!base64) return JSON.stringify(buffer.toString("utf8"));
  if (top && data.length === 2 && data[0] === 0x4f && data[1] === 0x4b) return '"OK"';
  return `"${buffer.toString("base64")}"`;
}
