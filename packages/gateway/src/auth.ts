/** @module Token authentication in constant time. */
import * as crypto from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Role } from "./policy/policy.js";
import { SyncClock } from "./sync-token.js";

/** What a valid token grants. One object per configured token, so per-token limits can be kept on it. */
export interface Grant {
  readonly db: number;
  readonly role: Role;
}

/**
 * A grant as authentication gives it, with the token's own read-your-writes clock: a token's answers count only
 * its own writes, so they tell nothing of other tokens' activity.
 */
export interface TokenGrant extends Grant {
  readonly sync: SyncClock;
}

interface Entry {
  readonly digest: Buffer;
  readonly grant: TokenGrant;
}

/**
 * The configured tokens, kept as SHA-256 digests. A presented token is hashed too and compared with
 * `timingSafeEqual` against every entry, without stopping at the first match, so the time taken does not depend on
 * how much of a token was right, nor on which token matched.
 */
export class TokenStore {
  private readonly entries: Entry[];
  /** The presented token's digest, written here rather than into a new Buffer per request (used synchronously). */
  private readonly scratch = Buffer.alloc(DIGEST_BYTES);

  constructor(tokens: readonly { token: string; db: number; role: Role }[]) {
    this.entries = tokens.map(({ token, db, role }) => ({
      digest: digestInto(token, Buffer.alloc(DIGEST_BYTES)),
      grant: { db, role, sync: new SyncClock() },
    }));
  }

  /** The grant of the request's token, or `undefined` when it has none or a wrong one. */
  authenticate(req: IncomingMessage, rawQuery: string): TokenGrant | undefined {
    const presented = presentedToken(req, rawQuery);
    if (presented === undefined) return undefined;
    const candidate = digestInto(presented, this.scratch);
    let granted: TokenGrant | undefined;
    for (const entry of this.entries) {
      if (crypto.timingSafeEqual(entry.digest, candidate) && granted === undefined) granted = entry.grant;
    }
    return granted;
  }
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;
const BLANK = /\s/;

/** `Authorization: Bearer <token>` first, else the `_token` query parameter. */
function presentedToken(req: IncomingMessage, rawQuery: string): string | undefined {
  const header = req.headers.authorization;
  if (typeof header === "string" && header !== "") {
    // What clients send ("Bearer " and a token without blanks) is taken without building a match; anything else
    // is read by the full pattern, so both read a header alike.
    if (header.startsWith("Bearer ") && header.length > 7) {
      const token = header.slice(7);
      if (!BLANK.test(token)) return token;
    }
    return BEARER.exec(header)?.[1];
  }
  const token = rawQuery === "" ? null : new URLSearchParams(rawQuery).get("_token");
  return token === null || token === "" ? undefined : token;
}

const DIGEST_BYTES = 32;

/**
 * SHA-256 of a token, written into `out` (32 bytes), which is returned. Node's one-shot `crypto.hash` (node 20.12
 * and later) costs a fifth of a Hash object; asked for a "binary" (latin1) string, byte for byte the digest, it skips
 * allocating a Buffer in C++, which costs as much again as hashing; the string is copied into `out`. Older versions
 * take the Hash object.
 */
const digestInto: (token: string, out: Buffer) => Buffer =
  typeof crypto.hash === "function"
    ? (token, out) => {
        out.write(crypto.hash("sha256", token, "binary"), 0, DIGEST_BYTES, "latin1");
        return out;
      }
    : (token, out) => {
        crypto.createHash("sha256").update(token, "utf8").digest().copy(out);
        return out;
      };
