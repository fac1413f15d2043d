/** @module ACL subcommands: users, permissions and the ACL log. */
import { InvalidArgumentError } from "../../errors.js";
import type { RawReply } from "../../transport.js";
import { nonEmpty, positiveInteger } from "../args.js";
import { command, type Value } from "../command.js";
import { asArray, asCount, asString, asStrings, asText } from "../decode.js";
import { asMap, asNumeric, optionalText } from "./replies.js";

function genpassBits(bits: unknown): number {
  if (positiveInteger(bits, "ACL GENPASS bits") > 4096) {
    throw new InvalidArgumentError(`ACL GENPASS bits must be at most 4096, got ${bits}.`);
  }
  return bits as number;
}

/** ACL GETUSER: a user's rules as the server reports them. */
export interface AclUser {
  /** `on`/`off`, `nopass`, `skip-sanitize-payload`, ... */
  flags: string[];
  /** SHA-256 hashes of the user's passwords. */
  passwords: string[];
  /** Command rules, such as `"+@all -debug"`. */
  commands: string;
  /** Key patterns, such as `"~*"` or `"%R~cache:*"`. */
  keys: string;
  /** Pub/sub channel patterns, such as `"&*"`. */
  channels: string;
  /** Additional selectors, each with its own `commands`, `keys` and `channels`. */
  selectors: Record<string, string>[];
}

/** One entry of ACL LOG. */
export interface AclLogEntry {
  /** How many times this denial repeated. */
  count: number;
  /** `command`, `key`, `channel` or `auth`. */
  reason: string;
  /** `toplevel`, `multi`, `lua` or `module`. */
  context: string;
  /** The command, key or channel that was denied. */
  object: string;
  username: string;
  ageSeconds: number;
  /** The client as CLIENT LIST describes it. */
  clientInfo: string;
  /** Redis 7.2+. */
  entryId?: number;
  /** Redis 7.2+: Unix time in ms. */
  timestampCreated?: number;
  /** Redis 7.2+: Unix time in ms. */
  timestampLastUpdated?: number;
}

/** Text, or a list of words (older servers) joined with spaces. */
function rules(reply: RawReply | undefined): string {
  if (reply === undefined || reply === null) return "";
  return Array.isArray(reply) ? asStrings(reply).join(" ") : asText(reply);
}

function asAclUser(reply: RawReply): AclUser | null {
  if (reply === null) return null;
  const map = asMap(reply);
  return {
    flags: asStrings(map.flags ?? null),
    passwords: asStrings(map.passwords ?? null),
    commands: rules(map.commands),
    keys: rules(map.keys),
    channels: rules(map.channels),
    selectors: asArray(map.selectors ?? []).map((selector) => {
      const out: Record<string, string> = {};
      for (const [name, value] of Object.entries(asMap(selector))) out[name] = rules(value);
      return out;
    }),
  };
}

function asAclLogEntry(reply: RawReply): AclLogEntry {
  const map = asMap(reply);
  const entry: AclLogEntry = {
    count: asCount(map.count ?? null),
    reason: optionalText(map.reason) ?? "",
    context: optionalText(map.context) ?? "",
    object: optionalText(map.object) ?? "",
    username: optionalText(map.username) ?? "",
    ageSeconds: asNumeric(map["age-seconds"] ?? null),
    clientInfo: optionalText(map["client-info"]) ?? "",
  };
  if (map["entry-id"] !== undefined) entry.entryId = asCount(map["entry-id"]);
  if (map["timestamp-created"] !== undefined) entry.timestampCreated = asCount(map["timestamp-created"]);
  if (map["timestamp-last-updated"] !== undefined)
    entry.timestampLastUpdated = asCount(map["timestamp-last-updated"]);
  return entry;
}

function username(value: unknown, name: string): string {
  if (typeof value !== "string" || value === "")
    throw new InvalidArgumentError(`${name}: a username must be a non-empty string.`);
  return value;
}

export const aclCommands = {
  /** The ACL categories, or the commands in one category. @see https://redis.io/commands/acl-cat */
  aclCat: (category?: string) =>
    command(["ACL", "CAT", ...(category === undefined ? [] : [category])], asStrings),
  /** Deletes users and disconnects their connections. @returns how many users were deleted. @see https://redis.io/commands/acl-deluser */
  aclDeluser: (...usernames: string[]) =>
    command(
      ["ACL", "DELUSER", ...nonEmpty(usernames, "ACL DELUSER").map((u) => username(u, "ACL DELUSER"))],
      asCount,
    ),
  /**
   * Whether a user could run a command line, without running it.
   * @returns `"OK"` when allowed, otherwise the server's explanation of the denial.
   * @see https://redis.io/commands/acl-dryrun
   */
  aclDryrun: (user: string, commandName: string, ...args: Value[]) =>
    command(["ACL", "DRYRUN", username(user, "ACL DRYRUN"), commandName, ...args], asText),
  /** A random password as hex text: 256 bits, or `bits` (1 to 4096, rounded up to a multiple of 4). @see https://redis.io/commands/acl-genpass */
  aclGenpass: (bits?: number) =>
    command(["ACL", "GENPASS", ...(bits === undefined ? [] : [genpassBits(bits)])], asText),
  /** A user's rules, `null` for an unknown user. @see https://redis.io/commands/acl-getuser */
  aclGetuser: (user: string) => command(["ACL", "GETUSER", username(user, "ACL GETUSER")], asAclUser),
  /** Every user's rules in ACL file format. @see https://redis.io/commands/acl-list */
  aclList: () => command(["ACL", "LIST"], asStrings),
  /** Reloads the users from the configured `aclfile`. @see https://redis.io/commands/acl-load */
  aclLoad: () => command(["ACL", "LOAD"], asText),
  /** The latest denials (10 by default), newest first. @see https://redis.io/commands/acl-log */
  aclLog: (count?: number) =>
    command(
      ["ACL", "LOG", ...(count === undefined ? [] : [positiveInteger(count, "ACL LOG count")])],
      (reply) => asArray(reply).map(asAclLogEntry),
    ),
  /** Empties the ACL log (ACL LOG RESET). @see https://redis.io/commands/acl-log */
  aclLogReset: () => command(["ACL", "LOG", "RESET"], asText),
  /** Writes the users to the configured `aclfile`. @see https://redis.io/commands/acl-save */
  aclSave: () => command(["ACL", "SAVE"], asText),
  /**
   * Creates a user or changes its rules, such as `"on"`, `">password"`, `"~cache:*"`, `"+@read"`.
   * @example await pool.aclSetuser("reader", "on", ">s3cret", "~*", "+@read")
   * @see https://redis.io/commands/acl-setuser
   */
  aclSetuser: (user: string, ...rules: string[]) =>
    command(["ACL", "SETUSER", username(user, "ACL SETUSER"), ...rules], asText),
  /** The names of every user. @see https://redis.io/commands/acl-users */
  aclUsers: () => command(["ACL", "USERS"], asStrings),
  /** The user the pool's connection is authenticated as. @see https://redis.io/commands/acl-whoami */
  aclWhoami: () => command(["ACL", "WHOAMI"], (reply) => asString(reply) ?? ""),
  /** Usage text of ACL, one line per entry. @see https://redis.io/commands/acl-help */
  aclHelp: () => command(["ACL", "HELP"], asStrings),
};
