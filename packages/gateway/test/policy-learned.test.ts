/**
 * The policy looks up what it already judged of a command's name: a verdict for a name it learned must be the
 * verdict of a full judgement, for every role, name spelling and arguments; refusals are never learned.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CommandPolicy, type Role } from "../src/policy/policy.js";
import { TENANT_COMMANDS } from "../src/policy/tenant-commands.js";
import type { Argv } from "../src/request.js";

const DENY = new Set(["CONFIG|SET", "SHUTDOWN", "FLUSHALL"]);
const ROLES: Role[] = ["admin", "tenant", "read-only"];

const NAMES = [
  ...[...TENANT_COMMANDS].map((entry) => entry.split("|")[0]!),
  "FLUSHALL",
  "SHUTDOWN",
  "CONFIG",
  "CLIENT",
  "SCRIPT",
  "SELECT",
  "MULTI",
  "SUBSCRIBE",
  "MONITOR",
  "DEBUG",
  "BLPOP",
  "XREAD",
  "XREADGROUP",
  "WAIT",
  "COPY",
  "PUBLISH",
  "EVAL",
  "EVALSHA_RO",
  "NOSUCHCOMMAND",
  "INFO",
];
const spelling = (name: string) =>
  fc.constantFrom(
    name,
    name.toLowerCase(),
    name[0] + name.slice(1).toLowerCase(),
    ` ${name}`,
    `${name}\u017f`,
  );
const arg = fc.oneof(
  fc.constantFrom("0", "1", "5", "-1", "DB", "db", "BLOCK", "STREAMS", "GET", "LOAD", "k", "return 1"),
  fc.string({ maxLength: 6 }),
);
const command = fc
  .constantFrom(...NAMES)
  .chain((name) => fc.tuple(spelling(name), fc.array(arg, { maxLength: 6 })))
  .map(([name, args]) => [name, ...args] as Argv);

/** The verdict, or the refusal, as a comparable value. */
function outcome(policy: CommandPolicy, argv: Argv, role: Role): unknown {
  try {
    const verdict = policy.check([...argv] as Argv, { db: 3, role });
    // SCRIPT LOAD's filter belongs to each policy's own script table: compared by name.
    return { ...verdict, filter: verdict.filter?.name };
  } catch (error) {
    return { refused: (error as Error).constructor.name, message: (error as Error).message };
  }
}

describe("CommandPolicy: learned names", () => {
  it("give the verdict of a full judgement", () => {
    const warm = new CommandPolicy(DENY);
    fc.assert(
      fc.property(command, command, fc.constantFrom(...ROLES), (earlier, argv, role) => {
        outcome(warm, earlier, role); // may teach `warm` the name of `earlier`
        outcome(warm, [argv[0], ...earlier.slice(1)] as Argv, role); // ...or of `argv` with other arguments
        expect(outcome(warm, argv, role)).toEqual(outcome(new CommandPolicy(DENY), argv, role));
      }),
      { numRuns: 3000 },
    );
  });
});
