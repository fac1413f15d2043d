import { InvalidArgumentError } from "../errors.js";
import { ARITY, ARITY_SOURCE, CONTAINERS } from "./arity.js";
import { blockingMs } from "./blocking.js";
import { type Arg, type Command, command, type Decoder } from "./command.js";
import { assertAllowed, commandName, PLAIN_COMMAND_NAME } from "./forbidden.js";

/**
 * The command behind `call(name, ...args)`: any command, for modules and newer servers.
 * A refused command throws `ForbiddenCommandError`; an argument count that the server's command table
 * (see `arity.ts`) says is wrong throws `InvalidArgumentError`; both before anything is sent.
 * A command the table does not know is sent as it is, and the server answers. How long it may block is read from
 * its arguments here, once.
 * @internal
 */
export function callCommand<T>(name: unknown, args: readonly Arg[], decode: Decoder<T>): Command<T> {
  if (typeof name !== "string" || !PLAIN_COMMAND_NAME.test(name)) {
    throw new InvalidArgumentError(
      `call: the command name must be one word of ASCII letters, digits and _ . | - such as "GET", with arguments passed separately; got ${JSON.stringify(name)}. Nothing was sent.`,
    );
  }
  const upper = name.toUpperCase();
  const { argv } = command([upper, ...args], decode);
  const sub = CONTAINERS.has(upper) && argv.length > 1 ? commandName(argv[1]) : undefined;
  assertAllowed(upper, sub); // a refused command says so, whatever its argument count
  checkArity(argv.length, upper, sub);
  return { argv, decode, blockMs: blockingMs(argv) };
}

/**
 * Throws when `words` (the command name included) cannot be a valid call of `name` per the command table.
 * For a container (CONFIG, CLIENT, ...) the arity of `subcommand` (upper case) is checked, counting both words.
 */
function checkArity(words: number, name: string, subcommand: string | undefined): void {
  const arity = ARITY.get(name);
  if (arity === undefined) return; // unknown to the table (a module or a newer server): let the server answer
  assertArity(arity, words, name);
  if (subcommand === undefined) return;
  const subArity = ARITY.get(`${name}|${subcommand}`);
  if (subArity !== undefined) assertArity(subArity, words, `${name} ${subcommand}`);
}

function assertArity(arity: number, words: number, name: string): void {
  if (arity >= 0 ? words === arity : words >= -arity) return;
  const skip = name.includes(" ") ? 2 : 1; // the command name (and subcommand) are not arguments
  const expected = Math.abs(arity) - skip;
  throw new InvalidArgumentError(
    `call: ${name} takes ${arity >= 0 ? "exactly" : "at least"} ${expected} argument${expected === 1 ? "" : "s"}, ` +
      `got ${words - skip} (per the command table of Redis ${ARITY_SOURCE}). Nothing was sent.`,
  );
}
