/** @module The locker's Lua scripts, each with its stored SHA-1, key count and reply decoder. */
import { TransportError } from "../errors.js";
import { Script } from "../script.js";
import type { RawReply } from "../transport.js";
import { ACQUIRE_LUA, CANCEL_LUA, REFRESH_LUA, RELEASE_LUA, TTL_LUA } from "./lua.js";

/** The outcome of an acquisition attempt: our fencing token, or the holder's ms left (negative when unknown). */
export type Attempt = { readonly fence: number } | { readonly fence?: undefined; readonly holderTtl: number };

/**
 * The locker's scripts, to preload with SCRIPT LOAD or to read (a test checks each stored SHA-1 against the
 * server's). Their keys are those of one lock (see lua.ts), so each runs in one Cluster slot.
 */
export const LOCK_SCRIPTS = Object.freeze({
  /** KEYS lock, fence, queue, box; ARGV token, ttl, mode, box life, kind. Our fence, or the holder's ms left. */
  acquire: /* @__PURE__ */ new Script(ACQUIRE_LUA, {
    sha: "a195ce8463a7dbac25be3fc40f3eed3eaf24d9c3",
    keys: 4,
    decode: asAttempt,
  }),
  /** KEYS lock, fence, queue; ARGV token. Whether it released (or handed on) our lock. */
  release: /* @__PURE__ */ new Script(RELEASE_LUA, {
    sha: "1293eee6dba517b682f8d23e203381edb78154e4",
    keys: 3,
    decode: (reply: RawReply) => asInteger(reply) === 1,
  }),
  /** KEYS lock, fence, queue, box; ARGV token, ttl, kind. Our fence when the lock reached us meanwhile. */
  cancel: /* @__PURE__ */ new Script(CANCEL_LUA, {
    sha: "0df8dbb6a104b70dc8e528c28b977a0ded7843bf",
    keys: 4,
    decode: (reply: RawReply) => asAttempt(reply).fence,
  }),
  /** KEYS lock; ARGV token, ms, mode. The ms left, 0 when the lock is not ours. */
  refresh: /* @__PURE__ */ new Script(REFRESH_LUA, {
    sha: "c59a9a7e29c99bf33f683c5beaae6920d7e9a189",
    keys: 1,
    decode: asInteger,
  }),
  /** KEYS lock; ARGV token. The ms left while the lock is ours, else 0. */
  ttl: /* @__PURE__ */ new Script(TTL_LUA, {
    sha: "c5edef56c0baea5a9c221ff4bf86c8649986e5b5",
    keys: 1,
    decode: asInteger,
  }),
});

/** `{1, fence}` is ours; `{0, holder's ms left}` (or `{0}` from cancel) is not. */
function asAttempt(reply: RawReply): Attempt {
  if (!Array.isArray(reply) || reply.length === 0) return unexpected(reply);
  const value = reply.length > 1 ? asInteger(reply[1]!) : 0;
  return asInteger(reply[0]!) === 1 ? { fence: value } : { holderTtl: value };
}

function asInteger(reply: RawReply): number {
  if (typeof reply === "number" || typeof reply === "bigint") return Number(reply);
  return unexpected(reply);
}

function unexpected(reply: RawReply): never {
  throw new TransportError(`Unexpected reply from a lock script: ${JSON.stringify(String(reply))}.`);
}
