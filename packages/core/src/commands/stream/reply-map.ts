/**
 * @module Reads the flat `name, value, name, value, ...` arrays that XINFO, XPENDING, FUNCTION LIST and
 * FUNCTION STATS answer with in RESP2, so each result can be decoded field by field into a typed object.
 */
import { TransportError } from "../../errors.js";
import type { RawReply } from "../../transport.js";
import { asArray, asCount, asInteger, asString, asText, type RedisInteger } from "../decode.js";

/** Throws the error every decoder uses for a reply of the wrong shape. @internal */
export function unexpectedReply(what: string, got: RawReply | undefined): never {
  const shape =
    got === undefined
      ? "nothing"
      : got === null
        ? "nil"
        : Array.isArray(got)
          ? "an array"
          : got instanceof Uint8Array
            ? "a string"
            : typeof got;
  throw new TransportError(`Unexpected reply: expected ${what}, got ${shape}.`);
}

/**
 * A flat `name, value, ...` reply, looked up by name. Unknown names are ignored, so a newer server that adds
 * fields still decodes; a missing required field is a `TransportError`.
 * @internal
 */
export class ReplyMap {
  private readonly values = new Map<string, RawReply>();

  constructor(
    reply: RawReply,
    private readonly what: string,
  ) {
    const items = asArray(reply);
    for (let i = 0; i + 1 < items.length; i += 2) this.values.set(asText(items[i]!), items[i + 1]!);
  }

  /** The raw value of a field, or `undefined` when the server did not send it. */
  raw(name: string): RawReply | undefined {
    return this.values.get(name);
  }

  /** A field that must be present. */
  required(name: string): RawReply {
    const value = this.values.get(name);
    return value === undefined ? unexpectedReply(`${this.what} with a "${name}" field`, value) : value;
  }

  /** A required integer field. */
  count(name: string): number {
    return asCount(this.required(name));
  }

  /** A required integer field that any client can set beyond 2^53 (a counter): a `bigint` there. */
  integer(name: string): RedisInteger {
    return asInteger(this.required(name));
  }

  /** A counter field (see {@link integer}) that may be nil (`null`). */
  nullableInteger(name: string): RedisInteger | null {
    const value = this.required(name);
    return value === null ? null : asInteger(value);
  }

  /** An integer field only newer servers send: `undefined` when absent, `null` when nil. */
  optionalCount(name: string): number | null | undefined {
    const value = this.values.get(name);
    return value === undefined || value === null ? (value as null | undefined) : asCount(value);
  }

  /** A required string field. */
  text(name: string): string {
    return asText(this.required(name));
  }

  /** A string field that may be nil (`null`). */
  nullableText(name: string): string | null {
    return asString(this.required(name));
  }
}
