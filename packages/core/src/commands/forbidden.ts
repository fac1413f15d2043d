/** Commands that would change the state of a shared connection, refused before anything is sent. */
import { ForbiddenCommandError } from "../errors.js";
import type { WireArg } from "../transport.js";

/** Each refused command with the reason and the API to use instead. Documented in the core README. */
export const FORBIDDEN_COMMANDS: Readonly<Record<string, string>> = {
  SELECT: "every pool is bound to one database; register another pool with registerRedis(address, db, code).",
  QUIT: "the connection is shared by the pool; call validatedRegistry.close() instead.",
  RESET: "the connection is shared by the pool; call validatedRegistry.close() instead.",
  HELLO: "the protocol is chosen by the transport; it cannot change on a shared connection.",
  AUTH: "credentials belong to the pool; pass username and password to registerRedis() options.",
  MONITOR: "it would take over the shared connection; run redis-cli MONITOR instead.",
  SUBSCRIBE:
    "it would take over the shared connection; use pool.subscribe(), which runs on a dedicated connection.",
  PSUBSCRIBE:
    "it would take over the shared connection; use pool.psubscribe(), which runs on a dedicated connection.",
  SSUBSCRIBE:
    "it would take over the shared connection; use pool.ssubscribe(), which runs on a dedicated connection.",
  UNSUBSCRIBE: "subscriptions end when you break out of pool.subscribe()'s iterator.",
  PUNSUBSCRIBE: "subscriptions end when you break out of pool.psubscribe()'s iterator.",
  SUNSUBSCRIBE: "subscriptions end when you break out of pool.ssubscribe()'s iterator.",
  WATCH: "WATCH state on a shared connection would leak between callers; use pool.watch(keys, fn).",
  UNWATCH: "WATCH state lives on a dedicated connection; use pool.watch(keys, fn).",
  MULTI: "a raw MULTI on a shared connection would capture other callers' commands; use pool.multi().",
  EXEC: "use pool.multi().exec().",
  DISCARD: "use pool.multi() and simply do not call exec().",
  SYNC: "it turns the connection into a replication stream.",
  PSYNC: "it turns the connection into a replication stream.",
  REPLCONF: "it is the replication handshake's own; on a shared connection it would declare it a replica.",
  READONLY:
    "it switches a shared cluster connection to replica reads; the cluster transport manages replica reads itself (ioredis scaleReads).",
  READWRITE:
    "it switches a shared cluster connection back from replica reads; the cluster transport manages replica reads itself (ioredis scaleReads).",
};

/** Container subcommands refused the same way, keyed `CONTAINER SUBCOMMAND`. @internal */
export const FORBIDDEN_SUBCOMMANDS: Readonly<Record<string, string>> = {
  "CLIENT REPLY": "switching replies off on a shared connection would desynchronise every caller.",
  "CLIENT TRACKING": "client-side caching invalidations would arrive on a shared connection.",
};

/**
 * Throws {@link ForbiddenCommandError} when command `name` (upper case) is refused, or its `subcommand` (upper
 * case as {@link commandName} makes it, when there is one). Only `call()` needs it: it is the one place a command
 * name comes from the caller.
 * @internal
 */
export function assertAllowed(name: string, subcommand?: string): void {
  const reason = FORBIDDEN_COMMANDS[name];
  if (reason !== undefined) throw new ForbiddenCommandError(name, reason);
  if (subcommand === undefined) return;
  const full = `${name} ${subcommand}`;
  const subReason = FORBIDDEN_SUBCOMMANDS[full];
  if (subReason !== undefined) throw new ForbiddenCommandError(full, subReason);
}

/**
 * argv[0] as it is: every builder writes it in upper case and `call()` upper-cases it, so the hot path needs no
 * conversion.
 * @internal
 */
export function nameOf(argv: readonly WireArg[]): string {
  const name = argv[0];
  return typeof name === "string" ? name : commandName(name);
}

// ignoreBOM: a leading U+FEFF is part of the word, as it is for Redis.
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * An argv element upper-cased the way Redis compares command words (`strcasecmp`): ASCII letters only, so
 * "ſet" stays "ſET" rather than becoming "SET" as `toUpperCase()` would make it.
 * @internal
 */
export function commandName(arg: WireArg | undefined): string {
  if (arg === undefined) return "";
  return asciiUpper(typeof arg === "string" ? arg : utf8.decode(arg));
}

/**
 * An option word (BLOCK, STREAMS, DB, MATCH...) as Redis compares it: with C's `strcasecmp`, which stops at the
 * first NUL byte, so "BLOCK\0anything" is BLOCK to Redis and must be to whoever judges the command. Names and
 * subcommands are looked up whole instead.
 */
export function optionWord(arg: WireArg | undefined): string {
  const word = commandName(arg);
  const nul = word.indexOf("\0");
  return nul === -1 ? word : word.slice(0, nul);
}

/** `text` with a-z upper-cased and every other character left as it is, as Redis compares command words. */
export function asciiUpper(text: string): string {
  // Printable ASCII takes the fast path; anything else upper-cases a-z only.
  return /[^ -~]/.test(text) ? text.replace(/[a-z]+/g, (run) => run.toUpperCase()) : text.toUpperCase();
}

/**
 * Plain command names: ASCII letters, digits and `_ . | -` (module commands such as `JSON.SET` included).
 * Anything else (blanks, control characters, non-ASCII look-alikes) is refused, never trimmed or mapped.
 */
export const PLAIN_COMMAND_NAME = /^[A-Za-z0-9_.|-]+$/;
