/**
 * @module Pub/sub confined per database. Channels are server-wide in Redis, so a tenant's (and a read-only
 * token's) channel names are prefixed with its database: `news` from a token of database 3 is `db3:news` in
 * Redis, for PUBLISH, for SSE subscriptions and in the ACL users' channel rules. Admin tokens use Redis' names
 * as they are (publish to `db3:news` to reach database 3's subscribers of `news`).
 */
import type { Grant } from "../auth.js";

/** The prefix of `grant`'s channel names in Redis: `db<N>:`, or none for an admin token. */
export function channelPrefix(grant: Grant): string {
  return grant.role === "admin" ? "" : databaseChannels(grant.db);
}

/** The prefix of database `db`'s channels. */
export function databaseChannels(db: number): string {
  return `db${db}:`;
}
