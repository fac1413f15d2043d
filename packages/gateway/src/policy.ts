/** @module Which commands a token may run: the deny list, database isolation, and read-only tokens. */
import type { WireArg } from "@beeredis/core";
import type { Grant } from "./auth.js";
import type { CommandTraits, CommandTraitsCache } from "./command-traits.js";
import { HttpError } from "./http-error.js";
import type { Argv } from "./request.js";

/** Commands that would reach another database than the token's, refused unless `allowCrossDatabase`. */
const CROSS_DATABASE: Readonly<Record<string, string>> = {
  SWAPDB: "it would swap the token's database with another",
  MOVE: "it would move a key to another database",
};

const utf8 = new TextDecoder();

/** Decides, before anything is sent, whether a token may run a command. */
export class CommandPolicy {
  constructor(
    private readonly deny: ReadonlySet<string>,
    private readonly allowCrossDatabase: boolean,
    private readonly traits: CommandTraitsCache,
  ) {}

  /**
   * Resolves when `grant` may run `argv`; rejects with `HttpError` 400 (denied, or another database) or 403
   * (a write with a read-only token). It may ask the server COMMAND INFO (cached), so it can also reject with a
   * beeredis `TransportError`.
   */
  async check(argv: Argv, grant: Grant): Promise<void> {
    const name = argv[0].toUpperCase();
    const sub = argv.length > 1 ? word(argv[1]!).toUpperCase() : undefined;
    if (name === "SELECT") {
      throw new HttpError(
        400,
        "ERR SELECT is not allowed through this gateway: each token is bound to one database.",
      );
    }
    if (!this.allowCrossDatabase) {
      const crossDb = CROSS_DATABASE[name];
      if (crossDb !== undefined) {
        throw new HttpError(400, `ERR ${name} is not allowed through this gateway: ${crossDb}.`);
      }
      if (name === "COPY") checkCopy(argv, grant.db);
    }
    const denied = this.deny.has(name)
      ? name
      : sub !== undefined && this.deny.has(`${name} ${sub}`)
        ? `${name} ${sub}`
        : undefined;
    if (denied !== undefined) throw new HttpError(400, `ERR ${denied} is not allowed through this gateway.`);
    if (grant.readOnly) {
      const traits = await this.traits.traitsOf(argv);
      // An unknown command writes nothing; Redis answers it with its own "unknown command" error.
      if (traits !== null && writes(traits)) {
        throw new HttpError(403, `NOPERM this token is read-only, and ${name} may write.`);
      }
    }
  }
}

/**
 * A command may change data when its flags say `write` or `admin`, when its ACL categories include `@write` or
 * `@admin`, or when it runs scripts or publishes (`@scripting`, `@pubsub`) without the `readonly` flag: EVAL and
 * FCALL are not flagged `write`, yet their scripts can write; EVAL_RO, EVALSHA_RO and FCALL_RO are allowed.
 */
function writes({ flags, categories }: CommandTraits): boolean {
  if (flags.has("write") || flags.has("admin")) return true;
  if (categories.has("@write") || categories.has("@admin")) return true;
  return (categories.has("@scripting") || categories.has("@pubsub")) && !flags.has("readonly");
}

/** `COPY source destination [DB n] [REPLACE]` is allowed only when `n` is the token's own database. */
function checkCopy(argv: Argv, db: number): void {
  for (let i = 3; i < argv.length; i++) {
    if (word(argv[i]!).toUpperCase() !== "DB") continue;
    const target = word(argv[i + 1] ?? "");
    if (!/^\d+$/.test(target) || Number(target) !== db) {
      throw new HttpError(
        400,
        "ERR COPY ... DB is not allowed through this gateway: each token is bound to one database.",
      );
    }
  }
}

function word(arg: WireArg): string {
  return typeof arg === "string" ? arg : utf8.decode(arg);
}
