/** @module Reply decoders shared by the server, introspection and cluster commands (RESP2 maps are flat arrays). */
import type { RawReply } from "../../transport.js";
import { asArray, asCount, asFloat, asText } from "../decode.js";

/** A flat `name, value, ...` array as a record of raw values. A nil is empty. @internal */
export function asMap(reply: RawReply): Record<string, RawReply> {
  const items = reply === null ? [] : asArray(reply);
  const out: Record<string, RawReply> = {};
  for (let i = 0; i + 1 < items.length; i += 2) define(out, asText(items[i]!), items[i + 1]!);
  return out;
}

/** Sets a property as data, so a name such as `__proto__` cannot reach the prototype. @internal */
export function define<T>(target: Record<string, T>, name: string, value: T): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}

/** An integer or a numeric string (RESP2 sends doubles as bulk strings) as a number. @internal */
export function asNumeric(reply: RawReply): number {
  return typeof reply === "number" ? reply : (asFloat(reply) ?? Number.NaN);
}

/** An optional text field of a map. @internal */
export function optionalText(reply: RawReply | undefined): string | undefined {
  return reply === undefined || reply === null ? undefined : asText(reply);
}

/** An optional count field of a map. @internal */
export function optionalCount(reply: RawReply | undefined): number | undefined {
  return reply === undefined || reply === null ? undefined : asCount(reply);
}

/** Parses `key=value key=value` lines (CLIENT LIST/INFO) into records, one per line. @internal */
export function asKeyValueLines(reply: RawReply): Record<string, string>[] {
  return asText(reply)
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const record: Record<string, string> = {};
      for (const part of line.split(" ")) {
        const at = part.indexOf("=");
        if (at > 0) define(record, part.slice(0, at), part.slice(at + 1));
      }
      return record;
    });
}
