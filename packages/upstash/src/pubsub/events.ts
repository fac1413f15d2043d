/**
 * The events of a subscription stream, as Upstash sends them: `subscribe,<channel>,<count>` (`psubscribe,...`)
 * confirms one name; `message,<channel>,<message>` and `pmessage,<pattern>,<channel>,<message>` carry one message.
 */
import type { RawPubSubMessage } from "@beeredis/core";

/** What one event says: a name was confirmed, or a message arrived. Other events are ignored. */
export type StreamEvent = "confirmed" | RawPubSubMessage | undefined;

const utf8 = new TextEncoder();

/**
 * Reads one event's data. The format does not delimit names, so a channel or pattern is matched against the
 * subscribed `names` first (the longest that fits, as a name may hold a comma); a channel reached through a
 * pattern ends at the first comma after the pattern.
 */
export function readEvent(data: string, names: readonly string[]): StreamEvent {
  const comma = data.indexOf(",");
  const rest = data.slice(comma + 1);
  switch (comma === -1 ? "" : data.slice(0, comma)) {
    case "subscribe":
    case "psubscribe":
      return "confirmed";
    case "message": {
      const parts = split(rest, names);
      return parts && { channel: utf8.encode(parts[0]), message: utf8.encode(parts[1]) };
    }
    case "pmessage": {
      const head = split(rest, names);
      const parts = head && split(head[1], []);
      return (
        head &&
        parts && {
          pattern: utf8.encode(head[0]),
          channel: utf8.encode(parts[0]),
          message: utf8.encode(parts[1]),
        }
      );
    }
  }
  return undefined;
}

/** `name,rest` split after the longest of `known` that fits, or else at the first comma. */
function split(text: string, known: readonly string[]): [string, string] | undefined {
  let name: string | undefined;
  for (const candidate of known) {
    if (text.startsWith(`${candidate},`) && candidate.length > (name?.length ?? -1)) name = candidate;
  }
  if (name === undefined) {
    const comma = text.indexOf(",");
    if (comma === -1) return undefined;
    name = text.slice(0, comma);
  }
  return [name, text.slice(name.length + 1)];
}
