/**
 * @module Commands no token may run, admin included, because their answers carry secrets: the Redis password
 * (CONFIG GET is answered without it instead, see reply-filters.ts), ACL password hashes, or other clients'
 * arguments. The admin ACL user lacks them too, so an admin's scripts cannot run them either.
 */

/** `NAME` or `CONTAINER|SUBCOMMAND` → why it is refused. */
export const NEVER: Readonly<Record<string, string>> = {
  "ACL|GETUSER": "its answer carries ACL password hashes",
  "ACL|LIST": "its answer carries ACL password hashes",
  "ACL|LOG": "its entries carry other clients' keys, channels and commands",
  "SLOWLOG|GET": "its entries carry other clients' arguments",
  DEBUG: "it can read any value and crash the server; run it with redis-cli on the server",
  MONITOR: "it streams every client's commands and arguments",
};
