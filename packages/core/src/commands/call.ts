import { InvalidArgumentError } from "../errors.js";
import { type Arg, type Command, command, type Decoder } from "./command.js";

/**
 * The command behind `call(name, ...args)`: any command, for modules and newer servers.
 * @internal
 */
export function callCommand<T>(name: unknown, args: readonly Arg[], decode: Decoder<T>): Command<T> {
  if (typeof name !== "string" || !/^\S+$/.test(name.trim())) {
    throw new InvalidArgumentError(
      `call: the command name must be one word such as "GET", with arguments passed separately; got ${JSON.stringify(name)}.`,
    );
  }
  return command([name.trim().toUpperCase(), ...args], decode);
}
