/** @module Lua scripts kept as data, and the one way they are run: EVALSHA, then EVAL on NOSCRIPT. */
import { type Arg, type Command, command, type Decoder, type Key, type Value } from "./commands/command.js";
import { asCallReply, type CallReply } from "./commands/decode.js";
import { InvalidArgumentError, isReplyError } from "./errors.js";

/** Options of a {@link Script}. */
export interface ScriptOptions<T> {
  /** Its SHA-1 in lower-case hex, when known ahead (a test should check it against SCRIPT LOAD). */
  sha?: string;
  /** How many keys every call passes, when the script fixes it; a call with another count is refused. */
  keys?: number;
  /**
   * Turns the script's raw reply into its result.
   * @default the reply as `pool.call()` gives it (strings as text)
   */
  decode?: Decoder<T>;
}

/**
 * A Lua script kept as data: its source, its SHA-1 (computed once with the web-standard `crypto.subtle` unless
 * given), how many keys it takes and how its reply is decoded. Run it with `pool.script(script, keys, args)`.
 * @example
 * const incr = new Script("return redis.call('INCRBY', KEYS[1], ARGV[1])", { keys: 1 });
 * await pool.script(incr, ["counter"], [5]);
 */
export class Script<T = CallReply> {
  /** How many keys every call passes, when the script fixes it. */
  readonly keys: number | undefined;
  /** Turns the script's raw reply into its result. */
  readonly decode: Decoder<T>;
  #sha: string | undefined;
  #hashing: Promise<string> | undefined;

  /** @throws InvalidArgumentError for a `sha` that is not 40 lower-case hex digits, or `keys` not an integer >= 0. */
  constructor(
    /** The script's Lua source. */
    readonly lua: string,
    options: ScriptOptions<T> = {},
  ) {
    const { sha, keys, decode } = options;
    if (
      (sha !== undefined && !/^[0-9a-f]{40}$/.test(sha)) ||
      (keys !== undefined && !(keys >= 0 && keys % 1 === 0))
    ) {
      throw new InvalidArgumentError(
        "Script: sha must be a SHA-1 in lower-case hex, and keys an integer >= 0.",
      );
    }
    this.#sha = sha;
    this.keys = keys;
    this.decode = decode ?? (asCallReply as Decoder<T>);
  }

  /** The script's SHA-1 in lower-case hex, as EVALSHA expects it. */
  sha(): Promise<string> {
    this.#hashing ??= this.#sha
      ? Promise.resolve(this.#sha)
      : sha1Hex(this.lua).then((sha) => (this.#sha = sha));
    return this.#hashing;
  }

  /** The SHA-1 once known (given, or computed by {@link sha}), so a run needs no hop to read it. @internal */
  get knownSha(): string | undefined {
    return this.#sha;
  }
}

/** What sends a script's commands: a pool. @internal */
export interface CommandExecutor {
  execute<A extends unknown[], R>(build: (...args: A) => Command<R>, args: A): Promise<R>;
}

/**
 * Runs `script` with `keys` and `args`: `EVALSHA` first, one round trip; only when the server answers NOSCRIPT
 * (after a SCRIPT FLUSH or a restart) is the source sent, once, with `EVAL`.
 * @internal
 */
export function runScript<T>(
  pool: CommandExecutor,
  script: Script<T>,
  keys: readonly Key[],
  args: readonly Value[],
): Promise<T> {
  const sha = script.knownSha;
  if (sha === undefined) return script.sha().then(() => runScript(pool, script, keys, args));
  return pool.execute(scriptCommand, ["EVALSHA", sha, script, keys, args]).catch((error: unknown) => {
    if (!isReplyError(error, "NOSCRIPT")) throw error;
    return pool.execute(scriptCommand, ["EVAL", script.lua, script, keys, args]);
  });
}

/** `EVALSHA sha numkeys key... arg...` (or EVAL with the source), decoded by the script's decoder. */
function scriptCommand<T>(
  verb: "EVALSHA" | "EVAL",
  body: string,
  script: Script<T>,
  keys: readonly Key[],
  args: readonly Value[],
): Command<T> {
  if (script.keys !== undefined && keys.length !== script.keys) {
    throw new InvalidArgumentError(
      `script: it takes ${script.keys} key${script.keys === 1 ? "" : "s"}, got ${keys.length}.`,
    );
  }
  // One argv, so a bad argument is named by its place in the command; built without spreads (a decision's hot path).
  const argv: Arg[] = [verb, body, keys.length];
  for (let i = 0; i < keys.length; i++) argv.push(keys[i]!);
  for (let i = 0; i < args.length; i++) argv.push(args[i] as Arg);
  return command<T>(argv, script.decode);
}

async function sha1Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
