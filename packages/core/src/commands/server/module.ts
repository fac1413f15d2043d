/** @module MODULE subcommands. Loading needs `enable-module-command` in the server's config. */
import { InvalidArgumentError } from "../../errors.js";
import { type Arg, command, type Value } from "../command.js";
import { asArray, asCount, asStrings, asText } from "../decode.js";
import { asMap, optionalText } from "./replies.js";

/** One loaded module. */
export interface ModuleInfo {
  name: string;
  version: number;
  /** Redis 7+: the file it was loaded from. */
  path?: string;
  /** Redis 7+: the arguments it was loaded with. */
  args?: string[];
}

/** Options of MODULE LOADEX. */
export interface ModuleLoadexOptions {
  /** Module configuration parameters (CONFIG name value ...). */
  configs?: Record<string, Value>;
  /** Arguments passed to the module (ARGS ...). */
  args?: readonly Value[];
}

function path(value: unknown, name: string): string {
  if (typeof value !== "string" || value === "")
    throw new InvalidArgumentError(`${name}: the module path must be a non-empty string.`);
  return value;
}

function loadexArgs(options: ModuleLoadexOptions): Arg[] {
  const out: Arg[] = [];
  for (const [name, value] of Object.entries(options.configs ?? {})) out.push("CONFIG", name, value);
  if (options.args !== undefined) {
    if (!Array.isArray(options.args)) throw new InvalidArgumentError("MODULE LOADEX: args must be an array.");
    out.push("ARGS", ...options.args);
  }
  return out;
}

export const moduleCommands = {
  /** The loaded modules. @see https://redis.io/commands/module-list */
  moduleList: () =>
    command(["MODULE", "LIST"], (reply) =>
      asArray(reply).map((entry): ModuleInfo => {
        const map = asMap(entry);
        const info: ModuleInfo = { name: asText(map.name ?? null), version: asCount(map.ver ?? null) };
        const file = optionalText(map.path);
        if (file !== undefined) info.path = file;
        if (map.args !== undefined) info.args = asStrings(map.args);
        return info;
      }),
    ),
  /** Loads a module from a shared library on the server. @see https://redis.io/commands/module-load */
  moduleLoad: (modulePath: string, ...args: Value[]) =>
    command(["MODULE", "LOAD", path(modulePath, "MODULE LOAD"), ...args], asText),
  /** Loads a module with configuration parameters and arguments. @see https://redis.io/commands/module-loadex */
  moduleLoadex: (modulePath: string, options: ModuleLoadexOptions = {}) =>
    command(["MODULE", "LOADEX", path(modulePath, "MODULE LOADEX"), ...loadexArgs(options)], asText),
  /** Unloads a module by name. @see https://redis.io/commands/module-unload */
  moduleUnload: (name: string) => command(["MODULE", "UNLOAD", name], asText),
  /** Usage text of MODULE, one line per entry. @see https://redis.io/commands/module-help */
  moduleHelp: () => command(["MODULE", "HELP"], asStrings),
};
