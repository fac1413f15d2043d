/** @module Function commands (Redis 7.0): FUNCTION LOAD, LIST, DELETE, FLUSH, DUMP, RESTORE, STATS, KILL, and FCALL. */
import { InvalidArgumentError } from "../errors.js";
import type { RawReply } from "../transport.js";
import { flushMode, optionsObject } from "./args.js";
import { type Arg, command, describe, type Key, type Value } from "./command.js";
import { asArray, asBytes, asCallReply, asStrings, asText } from "./decode.js";
import { ReplyMap, unexpectedReply } from "./stream/reply-map.js";

/** One function of a library, as FUNCTION LIST describes it. */
export interface FunctionInfo {
  name: string;
  /** `null` when the function was registered without one. */
  description: string | null;
  /** Such as `"no-writes"` or `"allow-oom"`. */
  flags: string[];
}

/** One library, as FUNCTION LIST describes it. */
export interface FunctionLibrary {
  libraryName: string;
  /** `"LUA"` on Redis 7. */
  engine: string;
  functions: FunctionInfo[];
  /** The library's source, with `withCode` only. */
  libraryCode?: string;
}

/** Options of FUNCTION LOAD. */
export interface FunctionLoadOptions {
  /** Replace a library of the same name instead of failing (REPLACE). */
  replace?: boolean;
}

/** Options of FUNCTION LIST. */
export interface FunctionListOptions {
  /** Only libraries whose name matches this glob-style pattern (LIBRARYNAME). */
  libraryName?: string;
  /** Also return each library's source (WITHCODE). */
  withCode?: boolean;
}

/** The function running right now, as FUNCTION STATS reports it. */
export interface RunningFunction {
  name: string;
  /** The FCALL command line that started it. */
  command: string[];
  durationMs: number;
}

/** FUNCTION STATS. */
export interface FunctionStats {
  /** The function running on the server right now, or `null`. */
  runningScript: RunningFunction | null;
  /** Per engine (`"LUA"`): how many libraries and functions are loaded. */
  engines: Record<string, { librariesCount: number; functionsCount: number }>;
}

/** How FUNCTION RESTORE treats libraries that already exist. */
export type FunctionRestorePolicy = "FLUSH" | "APPEND" | "REPLACE";

function text(value: unknown, name: string): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new InvalidArgumentError(`${name} must be a non-empty string, got ${describe(value)}.`);
  }
  return value;
}

function fcallArgs(name: string, fn: string, keys: readonly Key[], args: readonly Value[]): Arg[] {
  if (!Array.isArray(keys) || !Array.isArray(args)) {
    throw new InvalidArgumentError(`${name}: keys and args must be arrays.`);
  }
  return [name, text(fn, `${name} function name`), keys.length, ...keys, ...args];
}

function asFunctionInfo(reply: RawReply): FunctionInfo {
  const map = new ReplyMap(reply, "a FUNCTION LIST function");
  return {
    name: map.text("name"),
    description: map.nullableText("description"),
    flags: asStrings(map.required("flags")),
  };
}

function asLibraries(reply: RawReply): FunctionLibrary[] {
  return asArray(reply).map((item) => {
    const map = new ReplyMap(item, "a FUNCTION LIST library");
    const code = map.raw("library_code");
    return {
      libraryName: map.text("library_name"),
      engine: map.text("engine"),
      functions: asArray(map.required("functions")).map(asFunctionInfo),
      ...(code === undefined || code === null ? {} : { libraryCode: asText(code) }),
    };
  });
}

function asStats(reply: RawReply): FunctionStats {
  const map = new ReplyMap(reply, "FUNCTION STATS");
  const running = map.required("running_script");
  const engines: FunctionStats["engines"] = {};
  const list = asArray(map.required("engines"));
  for (let i = 0; i + 1 < list.length; i += 2) {
    const engine = new ReplyMap(list[i + 1]!, "a FUNCTION STATS engine");
    Object.defineProperty(engines, asText(list[i]!), {
      value: {
        librariesCount: engine.count("libraries_count"),
        functionsCount: engine.count("functions_count"),
      },
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  let runningScript: RunningFunction | null = null;
  if (running !== null) {
    const script = new ReplyMap(running, "a FUNCTION STATS running script");
    runningScript = {
      name: script.text("name"),
      command: asStrings(script.required("command")),
      durationMs: script.count("duration_ms"),
    };
  }
  return { runningScript, engines };
}

function asPayload(reply: RawReply): Uint8Array {
  return asBytes(reply) ?? unexpectedReply("a FUNCTION DUMP payload", reply);
}

export const functionCommands = {
  /**
   * Loads a library (its source starts with `#!lua name=<library>`). Without `replace`, a library that exists
   * already rejects with `ReplyError`.
   * @returns the library's name.
   * @example await pool.functionLoad("#!lua name=lib\nredis.register_function('hi', function() return 'hi' end)")
   * @see https://redis.io/commands/function-load
   */
  functionLoad: (code: string, opts?: FunctionLoadOptions) =>
    command(
      [
        "FUNCTION",
        "LOAD",
        ...(optionsObject(opts, "FUNCTION LOAD").replace ? ["REPLACE"] : []),
        text(code, "FUNCTION LOAD code"),
      ],
      asText,
    ),
  /** The loaded libraries and their functions. @see https://redis.io/commands/function-list */
  functionList: (listOptions?: FunctionListOptions) => {
    const opts = optionsObject(listOptions, "FUNCTION LIST");
    const argv: Arg[] = ["FUNCTION", "LIST"];
    if (opts.libraryName !== undefined)
      argv.push("LIBRARYNAME", text(opts.libraryName, "FUNCTION LIST libraryName"));
    if (opts.withCode) argv.push("WITHCODE");
    return command(argv, asLibraries);
  },
  /** Deletes a library and its functions; a missing one rejects with `ReplyError`. @see https://redis.io/commands/function-delete */
  functionDelete: (libraryName: string) =>
    command(["FUNCTION", "DELETE", text(libraryName, "FUNCTION DELETE library name")], asText),
  /** Deletes every library. @see https://redis.io/commands/function-flush */
  functionFlush: (mode?: "SYNC" | "ASYNC") =>
    command(["FUNCTION", "FLUSH", ...flushMode(mode, "FUNCTION FLUSH")], asText),
  /** Every library as a binary payload for {@link functionRestore}. @see https://redis.io/commands/function-dump */
  functionDump: () => command(["FUNCTION", "DUMP"], asPayload),
  /**
   * Restores libraries from a {@link functionDump} payload. `"APPEND"` (Redis' default) fails
   * on a name clash, `"REPLACE"` replaces clashing libraries, `"FLUSH"` deletes every library first.
   * @see https://redis.io/commands/function-restore
   */
  functionRestore: (payload: Uint8Array, policy?: FunctionRestorePolicy) => {
    if (!(payload instanceof Uint8Array)) {
      throw new InvalidArgumentError(
        `FUNCTION RESTORE: the payload must be a Uint8Array, got ${describe(payload)}.`,
      );
    }
    if (policy !== undefined && policy !== "FLUSH" && policy !== "APPEND" && policy !== "REPLACE") {
      throw new InvalidArgumentError('FUNCTION RESTORE: policy must be "FLUSH", "APPEND" or "REPLACE".');
    }
    return command(["FUNCTION", "RESTORE", payload, ...(policy ? [policy] : [])], asText);
  },
  /** The running function, if any, and per-engine counts. @see https://redis.io/commands/function-stats */
  functionStats: () => command(["FUNCTION", "STATS"], asStats),
  /**
   * Stops the running function, when it has not written anything. Rejects with `ReplyError` prefix `NOTBUSY`
   * when none is running.
   * @see https://redis.io/commands/function-kill
   */
  functionKill: () => command(["FUNCTION", "KILL"], asText),
  /** The server's help text for FUNCTION, one line per element. @see https://redis.io/commands/function-help */
  functionHelp: () => command(["FUNCTION", "HELP"], asStrings),
  /**
   * Calls a function. Decoded like `eval`: strings as text, integers per `RedisInteger`, nested arrays kept.
   * @example await pool.fcall("hi", ["key"], ["arg"])
   * @see https://redis.io/commands/fcall
   */
  fcall: (fn: string, keys: readonly Key[] = [], args: readonly Value[] = []) =>
    command(fcallArgs("FCALL", fn, keys, args), asCallReply),
  /** Calls a read-only function (flag `no-writes`); allowed on replicas. @see https://redis.io/commands/fcall_ro */
  fcallRo: (fn: string, keys: readonly Key[] = [], args: readonly Value[] = []) =>
    command(fcallArgs("FCALL_RO", fn, keys, args), asCallReply),
};
