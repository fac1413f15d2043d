/** @module What the server says about a command (COMMAND INFO), cached per command name. */
import type { CallBytesReply } from "@beeredis/core";
import type { Argv } from "./request.js";

/** A command's flags (`write`, `readonly`, `admin`, ...) and ACL categories (`@write`, `@scripting`, ...). */
export interface CommandTraits {
  readonly flags: ReadonlySet<string>;
  readonly categories: ReadonlySet<string>;
}

interface CommandInfo extends CommandTraits {
  /** Subcommands of a container command (CONFIG, CLIENT, ...), keyed by lower-case subcommand name. */
  readonly subcommands: ReadonlyMap<string, CommandTraits>;
}

const utf8 = new TextDecoder();

/**
 * Asks `COMMAND INFO <name>` once per command name and keeps the answer for the life of the gateway. Unknown
 * names are not cached, so random names cannot grow the cache; a failed look-up is retried next time.
 */
export class CommandTraitsCache {
  private readonly known = new Map<string, Promise<CommandInfo | null>>();

  constructor(private readonly lookup: (name: string) => Promise<CallBytesReply>) {}

  /** The traits of argv's command (of its subcommand for a container), or `null` when the server has no such command. */
  async traitsOf(argv: Argv): Promise<CommandTraits | null> {
    const name = argv[0].toLowerCase();
    let pending = this.known.get(name);
    if (pending === undefined) {
      pending = this.lookup(name).then(parseInfo);
      this.known.set(name, pending);
      pending.then(
        (info) => info === null && this.known.delete(name),
        () => this.known.delete(name),
      );
    }
    const info = await pending;
    if (info === null) return null;
    const sub = argv[1];
    if (sub !== undefined && info.subcommands.size > 0) {
      const subName = `${name}|${(typeof sub === "string" ? sub : utf8.decode(sub)).toLowerCase()}`;
      return info.subcommands.get(subName) ?? info;
    }
    return info;
  }
}

/** `COMMAND INFO` answers `[[name, arity, flags, first, last, step, categories, tips, keyspecs, subcommands]]`. */
function parseInfo(reply: CallBytesReply): CommandInfo | null {
  const entry = Array.isArray(reply) ? reply[0] : undefined;
  if (!Array.isArray(entry)) return null;
  const subcommands = new Map<string, CommandTraits>();
  const subs = entry[9];
  if (Array.isArray(subs)) {
    for (const sub of subs) {
      if (Array.isArray(sub) && sub[0] instanceof Uint8Array)
        subcommands.set(utf8.decode(sub[0]).toLowerCase(), traits(sub));
    }
  }
  return { ...traits(entry), subcommands };
}

function traits(entry: CallBytesReply[]): CommandTraits {
  return { flags: words(entry[2]), categories: words(entry[6]) };
}

function words(reply: CallBytesReply | undefined): Set<string> {
  const out = new Set<string>();
  if (Array.isArray(reply)) {
    for (const item of reply) if (item instanceof Uint8Array) out.add(utf8.decode(item).toLowerCase());
  }
  return out;
}
