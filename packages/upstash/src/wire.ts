/** Converts between core's argv/replies and the Upstash REST protocol's JSON with base64 strings. */
import { type RawReply, ReplyError, TransportError, UnsupportedError, type WireArg } from "@beeredis/core";

// ignoreBOM: the default decoder drops leading EF BB BF, which would store another value (or key) than asked.
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const utf8 = new TextEncoder();
const OK = utf8.encode("OK");

/**
 * The protocol carries arguments as JSON text, so a byte argument must be valid UTF-8.
 * @throws UnsupportedError for bytes that are not, naming the transport that can send them.
 */
export function toJsonArg(arg: WireArg): string {
  if (typeof arg === "string") return arg;
  try {
    return strictUtf8.decode(arg);
  } catch {
    throw new UnsupportedError(
      "The HTTP transport sends arguments as JSON text, and this byte argument is not valid UTF-8. " +
        "Send binary values through the TCP transport (@beeredis/ioredis).",
    );
  }
}

/**
 * A `result` of a base64-encoded response: every string is base64 except exactly "OK", integers are numbers, and
 * bigints beyond 2^53 (as `parseExactJson` reads them). An integer that reached us rounded anyway (written as `1e+20`,
 * say) is refused rather than passed on wrong.
 */
export function fromJsonResult(result: unknown): RawReply {
  if (result === null || result === undefined) return null;
  if (typeof result === "string") return result === "OK" ? OK : fromBase64(result);
  if (typeof result === "bigint") return result;
  if (typeof result === "number") {
    if (Number.isInteger(result) && !Number.isSafeInteger(result)) {
      throw new TransportError(
        `The server sent an integer beyond 2^53 (≈${result}) in a form that lost its exact digits. ` +
          "Read it with the TCP transport (@beeredis/ioredis), or store it as a string.",
      );
    }
    return result;
  }
  if (Array.isArray(result)) return result.map(fromJsonResult);
  // An error nested in an array reply (a script returning redis.error_reply in a table, EXEC results).
  if (typeof result === "object" && typeof (result as { error?: unknown }).error === "string") {
    return new ReplyError((result as { error: string }).error);
  }
  throw new TransportError(`Unexpected value in an HTTP reply: ${typeof result}.`);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
