/** @module The response-size bound: the bytes a reply holds, checked before it is encoded. */
import type { CallBytesReply } from "@beeredis/core";
import type { Item } from "./encode.js";
import { HttpError } from "./http-error.js";

/** @throws HttpError 400 when `items` hold more than `max` bytes. */
export function checkReplySize(items: readonly Item[], max: number): void {
  let bytes = 0;
  for (const item of items) bytes += "error" in item ? item.error.length : replyBytes(item.reply);
  if (bytes > max) {
    throw new HttpError(
      400,
      `ERR the reply holds ${bytes} bytes, over this gateway's limit of ${max}; the command has run, only its reply is withheld. Ask for less at a time (SCAN, ranges, COUNT).`,
    );
  }
}

/** The bytes a reply holds: its strings' lengths, and a few for every other value. */
function replyBytes(reply: CallBytesReply): number {
  if (reply instanceof Uint8Array) return reply.length;
  if (!Array.isArray(reply)) return 8;
  let total = 8;
  for (const item of reply) total += replyBytes(item);
  return total;
}
