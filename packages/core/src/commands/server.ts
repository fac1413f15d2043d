/** @module Server and connection commands. */
import { InvalidArgumentError } from "../errors.js";
import { command, type Value } from "./command.js";
import { asArray, asCount, asText } from "./decode.js";

/** FLUSHDB/FLUSHALL mode. */
export type FlushMode = "SYNC" | "ASYNC";

function flushArgs(mode: FlushMode | undefined, name: string): string[] {
  if (mode === undefined) return [];
  if (mode !== "SYNC" && mode !== "ASYNC")
    throw new InvalidArgumentError(`${name}: mode must be "SYNC" or "ASYNC".`);
  return [mode];
}

/** The server clock from TIME. */
export interface ServerTime {
  /** Unix time in seconds. */
  seconds: number;
  /** Microseconds within the second. */
  microseconds: number;
}

export const serverCommands = {
  /** @returns `"PONG"`, or the message when given. @see https://redis.io/commands/ping */
  ping: (message?: Value) => command(message === undefined ? ["PING"] : ["PING", message], asText),
  /** @see https://redis.io/commands/echo */
  echo: (message: Value) => command(["ECHO", message], asText),
  /** @see https://redis.io/commands/time */
  time: () =>
    command(["TIME"], (reply): ServerTime => {
      const [seconds, micros] = asArray(reply).map((part) => Number(asText(part)));
      return { seconds: seconds!, microseconds: micros! };
    }),
  /** Number of keys in the pool's database. @see https://redis.io/commands/dbsize */
  dbsize: () => command(["DBSIZE"], asCount),
  /** The raw INFO text, optionally for some sections. @see https://redis.io/commands/info */
  info: (...sections: string[]) => command(["INFO", ...sections], asText),
  /** Removes every key of the pool's database only. @see https://redis.io/commands/flushdb */
  flushdb: (mode?: FlushMode) => command(["FLUSHDB", ...flushArgs(mode, "FLUSHDB")], asText),
  /** Removes every key of every database of the server. @see https://redis.io/commands/flushall */
  flushall: (mode?: FlushMode) => command(["FLUSHALL", ...flushArgs(mode, "FLUSHALL")], asText),
};
