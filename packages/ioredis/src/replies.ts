/** Translates ioredis' replies and errors into core's RawReply and error classes. */
import { type RawReply, ReplyError, TransportError } from "@beeredis/core";

/**
 * ioredis runs with `stringNumbers` and Buffer replies, so an integer arrives as a JS string and every string
 * reply as a Buffer. Integers become numbers, or bigints beyond ±(2^53−1); Buffers become plain Uint8Array views.
 */
export function toRawReply(reply: unknown): RawReply {
  if (reply === null || reply === undefined) return null;
  if (reply instanceof Uint8Array) return new Uint8Array(reply.buffer, reply.byteOffset, reply.byteLength);
  if (typeof reply === "string") return toInteger(reply);
  if (typeof reply === "number") return reply;
  if (Array.isArray(reply)) return reply.map(toRawReply);
  if (reply instanceof Error) return toReplyError(reply);
  throw new TransportError(`Unexpected reply from ioredis: ${typeof reply}.`);
}

function toInteger(text: string): number | bigint {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : BigInt(text);
}

function toReplyError(error: Error): ReplyError {
  return new ReplyError(error.message, { cause: error });
}

/** An error reply from the server becomes `ReplyError`; anything else (timeout, closed socket) `TransportError`. */
export function toError(error: unknown, pool: string): ReplyError | TransportError {
  if (error instanceof ReplyError || error instanceof TransportError) return error;
  if (error instanceof Error && error.name === "ReplyError") return toReplyError(error);
  const message = error instanceof Error ? error.message : String(error);
  return new TransportError(`Redis pool "${pool}": ${message}. The command's outcome is unknown.`, {
    cause: error,
  });
}
