/** @module COMMAND subcommands: the server's own command table. */
import { InvalidArgumentError } from "../../errors.js";
import type { RawReply } from "../../transport.js";
import { nonEmpty } from "../args.js";
import { type Arg, command, describe, type Value } from "../command.js";
import { asArray, asCount, asStrings, asText } from "../decode.js";
import { asMap, define, optionalCount, optionalText } from "./replies.js";

/** One key spec of COMMAND INFO: where the keys are and how they are accessed. */
export interface CommandKeySpec {
  /** Access flags such as `RO`, `RW`, `OW`, `access`, `update`. */
  flags: string[];
  /** How the first key is found: `index` or `keyword`, with its spec (`index`, `keyword`, `startfrom`). */
  beginSearch: { type: string; spec: Record<string, string | number> };
  /** How the rest are found: `range` or `keynum`, with its spec (`lastkey`, `keystep`, `limit`, ...). */
  findKeys: { type: string; spec: Record<string, string | number> };
  notes?: string;
}

/** One entry of COMMAND INFO. */
export interface CommandInfo {
  /** Lower case; `container|sub` for a subcommand. */
  name: string;
  /** N > 0: exactly N words including the name; -N: at least N. */
  arity: number;
  flags: string[];
  firstKey: number;
  lastKey: number;
  step: number;
  /** ACL categories, with their `@`. */
  aclCategories: string[];
  tips: string[];
  keySpecs: CommandKeySpec[];
  subcommands: CommandInfo[];
}

/** One argument of COMMAND DOCS (nested for blocks and one-ofs). */
export interface CommandArgumentDoc {
  name: string;
  /** `string`, `integer`, `double`, `key`, `pattern`, `unix-time`, `pure-token`, `oneof` or `block`. */
  type: string;
  displayText?: string;
  keySpecIndex?: number;
  token?: string;
  summary?: string;
  since?: string;
  deprecatedSince?: string;
  /** `optional`, `multiple`, `multiple_token`. */
  flags?: string[];
  value?: string;
  arguments?: CommandArgumentDoc[];
}

/** One entry of COMMAND DOCS. */
export interface CommandDoc {
  summary: string;
  since: string;
  group: string;
  complexity?: string;
  module?: string;
  docFlags?: string[];
  deprecatedSince?: string;
  replacedBy?: string;
  /** `[version, change]` pairs. */
  history?: [string, string][];
  arguments?: CommandArgumentDoc[];
  subcommands?: Record<string, CommandDoc>;
}

/** A key of COMMAND GETKEYSANDFLAGS with its access flags. */
export interface CommandKeyFlags {
  key: string;
  flags: string[];
}

/** The one filter COMMAND LIST takes. */
export type CommandListFilter = { module: string } | { aclcat: string } | { pattern: string };

function scalarMap(reply: RawReply): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(asMap(reply)))
    define(out, name, typeof value === "number" ? value : asText(value));
  return out;
}

function asKeySpec(reply: RawReply): CommandKeySpec {
  const map = asMap(reply);
  const part = (value: RawReply | undefined) => {
    const inner = asMap(value ?? null);
    return { type: asText(inner.type ?? null), spec: scalarMap(inner.spec ?? null) };
  };
  const spec: CommandKeySpec = {
    flags: asStrings(map.flags ?? null),
    beginSearch: part(map.begin_search),
    findKeys: part(map.find_keys),
  };
  const notes = optionalText(map.notes);
  if (notes !== undefined) spec.notes = notes;
  return spec;
}

/** One COMMAND INFO entry. @internal */
export function asCommandInfo(reply: RawReply): CommandInfo | null {
  if (reply === null) return null;
  const [name, arity, flags, first, last, step, acl, tips, specs, subcommands] = asArray(reply);
  return {
    name: asText(name ?? null),
    arity: asCount(arity ?? null),
    flags: asStrings(flags ?? null),
    firstKey: asCount(first ?? null),
    lastKey: asCount(last ?? null),
    step: asCount(step ?? null),
    aclCategories: asStrings(acl ?? null),
    tips: asStrings(tips ?? null),
    keySpecs: asArray(specs ?? []).map(asKeySpec),
    subcommands: asArray(subcommands ?? []).map((sub) => asCommandInfo(sub)!),
  };
}

function asArgumentDoc(reply: RawReply): CommandArgumentDoc {
  const map = asMap(reply);
  const doc: CommandArgumentDoc = { name: asText(map.name ?? null), type: asText(map.type ?? null) };
  const text = { displayText: "display_text", token: "token", summary: "summary", since: "since" } as const;
  for (const [field, wire] of Object.entries(text)) {
    const value = optionalText(map[wire]);
    if (value !== undefined) doc[field as keyof typeof text] = value;
  }
  const deprecated = optionalText(map.deprecated_since);
  if (deprecated !== undefined) doc.deprecatedSince = deprecated;
  const value = optionalText(map.value);
  if (value !== undefined) doc.value = value;
  const index = optionalCount(map.key_spec_index);
  if (index !== undefined) doc.keySpecIndex = index;
  if (map.flags !== undefined) doc.flags = asStrings(map.flags);
  if (map.arguments !== undefined) doc.arguments = asArray(map.arguments).map(asArgumentDoc);
  return doc;
}

function asCommandDoc(reply: RawReply): CommandDoc {
  const map = asMap(reply);
  const doc: CommandDoc = {
    summary: optionalText(map.summary) ?? "",
    since: optionalText(map.since) ?? "",
    group: optionalText(map.group) ?? "",
  };
  const complexity = optionalText(map.complexity);
  if (complexity !== undefined) doc.complexity = complexity;
  const module = optionalText(map.module);
  if (module !== undefined) doc.module = module;
  if (map.doc_flags !== undefined) doc.docFlags = asStrings(map.doc_flags);
  const deprecated = optionalText(map.deprecated_since);
  if (deprecated !== undefined) doc.deprecatedSince = deprecated;
  const replaced = optionalText(map.replaced_by);
  if (replaced !== undefined) doc.replacedBy = replaced;
  if (map.history !== undefined)
    doc.history = asArray(map.history).map((entry) => {
      const [version, change] = asStrings(entry);
      return [version ?? "", change ?? ""];
    });
  if (map.arguments !== undefined) doc.arguments = asArray(map.arguments).map(asArgumentDoc);
  if (map.subcommands !== undefined) doc.subcommands = asCommandDocs(map.subcommands);
  return doc;
}

function asCommandDocs(reply: RawReply): Record<string, CommandDoc> {
  const out: Record<string, CommandDoc> = {};
  for (const [name, value] of Object.entries(asMap(reply))) define(out, name, asCommandDoc(value));
  return out;
}

function listFilter(filter: CommandListFilter | undefined): Arg[] {
  if (filter === undefined) return [];
  if (typeof filter === "object" && filter !== null) {
    if ("module" in filter) return ["FILTERBY", "MODULE", filter.module];
    if ("aclcat" in filter) return ["FILTERBY", "ACLCAT", filter.aclcat];
    if ("pattern" in filter) return ["FILTERBY", "PATTERN", filter.pattern];
  }
  throw new InvalidArgumentError(
    `COMMAND LIST: filter must be { module }, { aclcat } or { pattern }, got ${describe(filter)}.`,
  );
}

export const commandTableCommands = {
  /** How many commands (not counting subcommands) the server has. @see https://redis.io/commands/command-count */
  commandCount: () => command(["COMMAND", "COUNT"], asCount),
  /**
   * The documentation of the named commands (or of every command), keyed by lower-case name.
   * @see https://redis.io/commands/command-docs
   */
  commandDocs: (...names: string[]) => command(["COMMAND", "DOCS", ...names], asCommandDocs),
  /**
   * Details of the named commands (or, with no names, of every command): `null` for an unknown name.
   * Name a subcommand `container|sub`.
   * @see https://redis.io/commands/command-info
   */
  commandInfo: (...names: string[]) =>
    command(["COMMAND", "INFO", ...names], (reply) => asArray(reply).map(asCommandInfo)),
  /** The names of every command, or those matching one filter (subcommands included). @see https://redis.io/commands/command-list */
  commandList: (filter?: CommandListFilter) => command(["COMMAND", "LIST", ...listFilter(filter)], asStrings),
  /**
   * The keys a full command line would access, as the server finds them.
   * @example await pool.commandGetkeys("MSET", "a", "1", "b", "2") // ["a", "b"]
   * @see https://redis.io/commands/command-getkeys
   */
  commandGetkeys: (name: string, ...args: Value[]) =>
    command(["COMMAND", "GETKEYS", name, ...nonEmpty(args, "COMMAND GETKEYS arguments")], asStrings),
  /** Like `commandGetkeys`, with each key's access flags. @see https://redis.io/commands/command-getkeysandflags */
  commandGetkeysandflags: (name: string, ...args: Value[]) =>
    command(
      ["COMMAND", "GETKEYSANDFLAGS", name, ...nonEmpty(args, "COMMAND GETKEYSANDFLAGS arguments")],
      (reply) =>
        asArray(reply).map((entry): CommandKeyFlags => {
          const [key, flags] = asArray(entry);
          return { key: asText(key ?? null), flags: asStrings(flags ?? null) };
        }),
    ),
  /** Usage text of COMMAND, one line per entry. @see https://redis.io/commands/command-help */
  commandHelp: () => command(["COMMAND", "HELP"], asStrings),
};
