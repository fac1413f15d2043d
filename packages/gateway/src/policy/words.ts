/** @module An argument as the text the policy judges. */
import type { WireArg } from "@beeredis/core";

// ignoreBOM: a leading U+FEFF is part of the word, as it is for Redis.
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** `arg` as text (bytes decoded as UTF-8); "" for a missing one. */
export function word(arg: WireArg | undefined): string {
  if (arg === undefined) return "";
  return typeof arg === "string" ? arg : utf8.decode(arg);
}
