/**
 * @module Which commands a token may run, decided before anything is sent: one canonical name, the role's
 * allowlist, the deny list, and the connection ("lane") each command runs on.
 */
import {
  asciiUpper,
  blockingMs,
  FORBIDDEN_COMMANDS,
  ForbiddenCommandError,
  PLAIN_COMMAND_NAME,
  type WireArg,
} from "@beeredis/core";
import type { Grant } from "../auth.js";
import { HttpError } from "../http-error.js";
import type { Argv } from "../request.js";
import { ScriptFlags } from "../script-flags.js";
import { channelPrefix } from "./channels.js";
import { checkGrowth, DEFAULT_MAX_VALUE_BYTES, GROWERS } from "./growth.js";
import { NEVER } from "./never.js";
import { checkRepeats, REPEATERS } from "./repeats.js";
import { type ReplyFilter, sessionFieldsOnly, withoutSecretParameters } from "./reply-filters.js";
import {
  CONTAINERS,
  NOT_FROM_SCRIPTS,
  READ_ONLY_COMMANDS,
  SCRIPT_RUNNERS,
  TENANT_COMMANDS,
} from "./tenant-commands.js";
import { word } from "./words.js";

/** What a token may do: everything but the secrets, its database's data, or only reads of it. */
export type Role = "admin" | "tenant" | "read-only";

/**
 * The connection a command runs on. Each logs in to Redis as an ACL user built from the same tables
 * (acl-users.ts): a tenant's scripts get a lane of their own, whose user cannot run COPY; SSE subscriptions run
 * on the subscriber lane, whose user can only subscribe.
 */
export type Lane = "admin" | "tenant" | "scripts" | "read-only" | "subscriber";

/** The policy's answer for one command: what to send, where, and what to do with the reply. */
export interface Verdict {
  /** The command as it will be sent: name (and subcommand) in canonical upper case, the rest untouched. */
  readonly argv: Argv;
  readonly lane: Lane;
  /** How long it may block server-side (`blockingMs`), or `undefined` when it does not block. */
  readonly blockMs: number | undefined;
  readonly filter?: ReplyFilter;
  /** It may write (it is not one of the reads a read-only token may run): it moves the sync token on. */
  readonly writes: boolean;
}

/** Decides, before anything is sent, whether a token may run a command. */
export class CommandPolicy {
  private readonly scripts = new ScriptFlags();
  private readonly maxValueBytes: number;

  /**
   * @param deny commands refused to every token, as `NAME` or `CONTAINER|SUBCOMMAND` in upper case.
   * @param limits.maxValueBytes the longest string a token's write may grow a value to (see growth.ts).
   */
  constructor(
    private readonly deny: ReadonlySet<string>,
    limits: { maxValueBytes?: number } = {},
  ) {
    this.maxValueBytes = limits.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES;
  }

  /**
   * Per role, what the verdict of an allowed command without subcommands or argument rules takes from its name
   * alone, by the name as sent ("get", "GET"): judged once, then looked up. Bounded: names are the clients'.
   */
  private readonly learned: Record<Role, Map<string, NameVerdict>> = {
    admin: new Map(),
    tenant: new Map(),
    "read-only": new Map(),
  };

  /**
   * The verdict for `argv` sent with `grant`.
   * @throws HttpError 400 for a name that is not plain ASCII or a refused command, 403 for a command the token's
   * role does not allow; ForbiddenCommandError for a command core refuses on a shared connection.
   */
  check(argv: Argv, grant: Grant): Verdict {
    const learned = this.learned[grant.role];
    const known = learned.get(argv[0] as string);
    if (known !== undefined) {
      // The judgement below, for a name it already allowed: only the name's case and the block depend on argv.
      const canonical = known.upper === argv[0] ? argv : withWord(argv, 0, known.upper);
      return {
        argv: canonical,
        lane: known.lane,
        blockMs: blockingMs(canonical),
        filter: known.filter,
        writes: known.writes,
      };
    }
    const verdict = this.judge(argv, grant);
    const name = verdict.argv[0];
    if (
      learned.size < MAX_LEARNED_NAMES &&
      typeof argv[0] === "string" &&
      !CONTAINERS.has(name) &&
      !ARGUMENT_RULES.has(name)
    ) {
      learned.set(argv[0], {
        upper: name,
        lane: verdict.lane,
        filter: verdict.filter,
        writes: verdict.writes,
      });
    }
    return verdict;
  }

  /** The full judgement of `argv` (see {@link check}). */
  private judge(argv: Argv, grant: Grant): Verdict {
    const canonical = canonicalArgv(argv);
    const name = canonical[0];
    const entry = canonical.length > 1 && CONTAINERS.has(name) ? `${name}|${canonical[1]}` : name;
    // Refused by core for every connection it shares (SELECT, MULTI, SUBSCRIBE...); said here, before the role.
    const forbidden = FORBIDDEN_COMMANDS[name];
    if (forbidden !== undefined) throw new ForbiddenCommandError(name, forbidden);
    const never = NEVER[entry] ?? NEVER[name];
    if (never !== undefined) {
      throw new HttpError(400, `ERR ${shown(entry)} is not allowed through this gateway: ${never}.`);
    }
    if (this.deny.has(entry) || this.deny.has(name)) {
      throw new HttpError(400, `ERR ${shown(entry)} is not allowed through this gateway.`);
    }
    const role = grant.role;
    // Worked out before the role is checked, as their refusals come first (a bad script flag, say).
    const adapted = this.scripts.adapt(canonical);
    const blockMs = blockingMs(canonical);
    const filter = FILTERS[entry]?.(role, this.scripts);
    if (role !== "admin") {
      const allowed = role === "read-only" ? READ_ONLY_COMMANDS : TENANT_COMMANDS;
      if (!allowed.has(entry)) {
        const why =
          role === "read-only" && TENANT_COMMANDS.has(entry)
            ? "this token is read-only"
            : "it reaches beyond the token's own database, so it needs an admin token";
        throw new HttpError(403, `NOPERM ${shown(entry)} is not allowed for this token: ${why}.`);
      }
      if (name === "COPY") checkCopy(canonical, grant.db);
      if (GROWERS.has(name)) checkGrowth(canonical, this.maxValueBytes);
      if (REPEATERS.has(name)) checkRepeats(canonical);
      const flag = this.scripts.privilegedFlag(adapted);
      if (flag !== undefined) {
        throw new HttpError(
          403,
          `NOPERM the script flag ${JSON.stringify(flag)} is not allowed for this token: allow-oom would write past Redis' maxmemory and allow-stale run on a stale replica, so they need an admin token.`,
        );
      }
    }
    // One object per command, built once (this runs for every command of every request).
    const published = role !== "admin" && name === "PUBLISH" && canonical.length > 1;
    return {
      argv: published ? withPrefix(canonical, 1, channelPrefix(grant)) : adapted,
      lane: laneOf(role, name, published),
      blockMs,
      filter,
      writes: !READ_ONLY_COMMANDS.has(entry),
    };
  }
}

/** What a verdict takes from the command's name alone (see `CommandPolicy.check`). */
interface NameVerdict {
  /** The canonical name: the name as sent, in upper case. */
  readonly upper: string;
  readonly lane: Lane;
  readonly filter: ReplyFilter | undefined;
  readonly writes: boolean;
}

/** Names learned per role, at most (each a short string and a small object). */
const MAX_LEARNED_NAMES = 1024;

/**
 * Commands whose verdict also depends on their arguments beyond the block (script flags, COPY's DB, PUBLISH's
 * channel): always judged in full. Containers (CONFIG GET...) are too, as their subcommand decides.
 */
const ARGUMENT_RULES: ReadonlySet<string> = new Set([
  "EVAL",
  "EVAL_RO",
  "EVALSHA",
  "EVALSHA_RO",
  "COPY",
  "PUBLISH",
  ...GROWERS,
  ...REPEATERS,
]);

/** The lane a command of `role` runs on (see {@link Lane}); a token's PUBLISH, prefixed, on the tenant lane. */
function laneOf(role: Role, name: string, published: boolean): Lane {
  if (role === "admin") return "admin";
  if (published) return "tenant";
  if (role === "read-only") return "read-only";
  return SCRIPT_RUNNERS.has(name) ? "scripts" : "tenant";
}

/** A command's entry as its refusals name it: `CONFIG GET` for `CONFIG|GET`. */
function shown(entry: string): string {
  return entry.replace("|", " ");
}

/** Replies rewritten before they reach the client, by command and role. */
const FILTERS: Readonly<Record<string, (role: Role, scripts: ScriptFlags) => ReplyFilter | undefined>> = {
  "CONFIG|GET": () => withoutSecretParameters,
  "CLIENT|INFO": (role) => (role === "admin" ? undefined : sessionFieldsOnly),
  "SCRIPT|LOAD": (_, scripts) => scripts.loadedSha,
};

/**
 * The lane of a batch (one connection runs it all): a tenant's batch that runs a script runs on the scripts
 * lane, where COPY cannot run (see {@link fitsLane}).
 */
export function batchLane(verdicts: readonly Verdict[]): Lane | undefined {
  let lane: Lane | undefined;
  for (const verdict of verdicts) {
    if (verdict.lane === "scripts") return "scripts";
    lane ??= verdict.lane;
  }
  return lane;
}

/** Whether a tenant's batch command can run on the lane the batch got (COPY cannot run on the scripts lane). */
export function fitsLane(verdict: Verdict, lane: Lane): boolean {
  return !(lane === "scripts" && NOT_FROM_SCRIPTS.has(verdict.argv[0]));
}

/**
 * The name upper-cased, and for a container (CONFIG, CLIENT, ...) the subcommand too, so the policy judges
 * byte for byte what is sent. Only plain ASCII names pass: a padded or look-alike name (" flushall", "ſet") is
 * refused rather than trimmed or case-mapped into another command.
 */
function canonicalArgv(argv: Argv): Argv {
  const name = argv[0];
  if (typeof name !== "string" || !PLAIN_COMMAND_NAME.test(name)) throw notPlain("command name", name);
  const upper = name.toUpperCase();
  if (argv.length < 2 || !CONTAINERS.has(upper)) return upper === name ? argv : withWord(argv, 0, upper);
  const sub = argv[1];
  if (typeof sub !== "string" || !PLAIN_COMMAND_NAME.test(sub)) throw notPlain(`${upper} subcommand`, sub);
  return withWord(withWord(argv, 0, upper), 1, sub.toUpperCase());
}

/** A copy of `argv` with `word` at `at` (argv itself is never changed). */
function withWord(argv: Argv, at: number, word: string): Argv {
  const copy = argv.slice() as Argv;
  copy[at] = word;
  return copy;
}

function notPlain(what: string, value: WireArg | undefined): HttpError {
  const shown = typeof value === "string" ? JSON.stringify(value.slice(0, 40)) : "bytes";
  return new HttpError(
    400,
    `ERR the ${what} must be ASCII letters, digits and _ . | - only (no blanks, no other characters); got ${shown}.`,
  );
}

/**
 * `COPY source destination [DB n] [REPLACE]` runs only within the token's database. Its options are allowed, not
 * screened: REPLACE, and DB followed by the token's own database in plain digits, nothing else. Redis reads option
 * words with C's strcasecmp, up to a NUL byte ("DB\0x" is DB to it), so a word is matched whole: "DB\0x" is refused.
 */
function checkCopy(argv: Argv, db: number): void {
  for (let i = 3; i < argv.length; i++) {
    const option = asciiUpper(word(argv[i]!));
    if (option === "REPLACE") continue;
    if (option === "DB" && i + 1 < argv.length && word(argv[i + 1]!) === String(db)) {
      i++;
      continue;
    }
    throw new HttpError(
      403,
      "NOPERM COPY takes only REPLACE and DB with this token's own database: each token is bound to one database.",
    );
  }
}

/** `argv` with the word at `at` prefixed (a channel name confined to the token's database). */
function withPrefix(argv: Argv, at: number, prefix: string): Argv {
  const copy = [...argv] as Argv;
  const arg = argv[at]!;
  copy[at] = typeof arg === "string" ? prefix + arg : concat(new TextEncoder().encode(prefix), arg);
  return copy;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
