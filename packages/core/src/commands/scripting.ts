/** @module Lua scripting commands. */
import { InvalidArgumentError } from "../errors.js";
import { flushMode, nonEmpty } from "./args.js";
import { command, type Key, type Value } from "./command.js";
import { asBooleans, asCallReply, asText } from "./decode.js";

function evalArgs(name: string, scriptOrSha: string, keys: readonly Key[], args: readonly Value[]) {
  if (!Array.isArray(keys) || !Array.isArray(args)) {
    throw new InvalidArgumentError(`${name}: keys and args must be arrays.`);
  }
  return [name, scriptOrSha, keys.length, ...keys, ...args];
}

export const scriptingCommands = {
  /** Runs a Lua script. Prefer `pool.script(lua)`, which sends EVALSHA first. @see https://redis.io/commands/eval */
  eval: (script: string, keys: readonly Key[] = [], args: readonly Value[] = []) =>
    command(evalArgs("EVAL", script, keys, args), asCallReply),
  /** @see https://redis.io/commands/evalsha */
  evalsha: (sha: string, keys: readonly Key[] = [], args: readonly Value[] = []) =>
    command(evalArgs("EVALSHA", sha, keys, args), asCallReply),
  /** Read-only EVAL, allowed on replicas. @see https://redis.io/commands/eval_ro */
  evalRo: (script: string, keys: readonly Key[] = [], args: readonly Value[] = []) =>
    command(evalArgs("EVAL_RO", script, keys, args), asCallReply),
  /** @see https://redis.io/commands/evalsha_ro */
  evalshaRo: (sha: string, keys: readonly Key[] = [], args: readonly Value[] = []) =>
    command(evalArgs("EVALSHA_RO", sha, keys, args), asCallReply),
  /** Loads a script and resolves to its SHA-1. @see https://redis.io/commands/script-load */
  scriptLoad: (script: string) => command(["SCRIPT", "LOAD", script], asText),
  /** @see https://redis.io/commands/script-exists */
  scriptExists: (...shas: string[]) =>
    command(["SCRIPT", "EXISTS", ...nonEmpty(shas, "SCRIPT EXISTS")], asBooleans),
  /** @see https://redis.io/commands/script-flush */
  scriptFlush: (mode?: "SYNC" | "ASYNC") =>
    command(["SCRIPT", "FLUSH", ...flushMode(mode, "SCRIPT FLUSH")], asText),
};
