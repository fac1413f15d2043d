/** @module Token authentication in constant time. */
import * as crypto from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Role } from "./policy/policy.js";

/** What a valid token grants. One object per configured token, so per-token limits can be kept on it. */
export interface Grant {
  readonly db: number;
  readonly role: Role;
}

interface Entry {
  readonly digest: Buffer;
  readonly grant: Grant;
}

/**
 * The configured tokens, kept as SHA-256 digests. A presented token is hashed too and compared with
 * `timingSafeEqual` against every entry, without stopping at the first match, so the time taken does not depend on
 * how much of a token was right, nor on which token matched.
 */
export class TokenStore {
  private readonly entries: Entry[];

  constructor(tokens: readonly { token: string; db: number; role: Role }[]) {
    this.entries = tokens.map(({ token, db, role }) => ({ digest: digest(token), grant: { db, role } }));
  }

  /** The grant of the request's token, or `undefined` when it has none or a wrong one. */
  authenticate(req: IncomingMessage, rawQuery: string): Grant | undefined {
    const presented = presentedToken(req, rawQuery);
    if (presented === undefined) return undefined;
    const candidate = digest(presented);
    let granted: Grant | undefined;
    for (const entry of this.entries) {
      if (crypto.timingSafeEqual(entry.digest, candidate) && granted === undefined) granted = entry.grant;
    }
    return granted;
  }
}

/** `Authorization: Bearer <token>` first, else the `_token` query parameter. */
function presentedToken(req: IncomingMessage, rawQuery: string): string | undefined {
  const header = req.headers.authorization;
  if (typeof header === "string" && header !== "") {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1];
  }
  const token = rawQuery === "" ? null : new URLSearchParams(rawQuery).get("_token");
  return token === null || token === "" ? undefined : token;
}

/**
 * SHA-256 of a token. Node's one-shot `crypto.hash` (node 20.12 and later) costs a fifth of a Hash object, which
 * was a tenth of the gateway's own CPU per request; older versions take the Hash object.
 */
const digest: (token: string) => Buffer =
  typeof crypto.hash === "function"
    ? (token) => crypto.hash("sha256", token, "buffer")
    : (token) => crypto.createHash("sha256").update(token, "utf8").digest();
