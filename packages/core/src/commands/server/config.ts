/** @module CONFIG subcommands. */
import { InvalidArgumentError } from "../../errors.js";
import { nonEmpty } from "../args.js";
import { type Arg, command, type Value } from "../command.js";
import { asRecord, asStrings, asText } from "../decode.js";

function configPairs(parameters: Record<string, Value>): Arg[] {
  if (typeof parameters !== "object" || parameters === null || Array.isArray(parameters))
    throw new InvalidArgumentError("CONFIG SET needs a record of parameter: value.");
  const entries = Object.entries(parameters);
  if (entries.length === 0) throw new InvalidArgumentError("CONFIG SET needs at least one parameter.");
  return entries.flat();
}

export const configCommands = {
  /**
   * The parameters matching the glob patterns, as a record of name: value text.
   * @example const { maxmemory } = await pool.configGet("maxmemory");
   * @see https://redis.io/commands/config-get
   */
  configGet: (...patterns: string[]) =>
    command(["CONFIG", "GET", ...nonEmpty(patterns, "CONFIG GET")], asRecord),
  /**
   * Sets parameters at runtime, all or none (Redis 7 takes several at once).
   * It changes the server for every client; it is not persisted unless `configRewrite()` follows.
   * @example await pool.configSet({ "maxmemory-policy": "allkeys-lru" })
   * @see https://redis.io/commands/config-set
   */
  configSet: (parameters: Record<string, Value>) =>
    command(["CONFIG", "SET", ...configPairs(parameters)], asText),
  /** Resets the statistics of INFO (commandstats, keyspace hits, ...). @see https://redis.io/commands/config-resetstat */
  configResetstat: () => command(["CONFIG", "RESETSTAT"], asText),
  /** Writes the running configuration to the config file; fails when the server was started without one. @see https://redis.io/commands/config-rewrite */
  configRewrite: () => command(["CONFIG", "REWRITE"], asText),
  /** Usage text of CONFIG, one line per entry. @see https://redis.io/commands/config-help */
  configHelp: () => command(["CONFIG", "HELP"], asStrings),
};
