/** @module SCRIPT KILL and SCRIPT HELP (SCRIPT DEBUG is left out: the Lua debugger needs a connection of its own). */
import { command } from "./command.js";
import { asStrings, asText } from "./decode.js";

export const scriptAdminCommands = {
  /**
   * Stops the Lua script that is running (only one that has not written yet), after `busy-reply-threshold`.
   * Rejects with a `NOTBUSY` ReplyError when no script runs.
   * @see https://redis.io/commands/script-kill
   */
  scriptKill: () => command(["SCRIPT", "KILL"], asText),
  /** Usage text of SCRIPT, one line per entry. @see https://redis.io/commands/script-help */
  scriptHelp: () => command(["SCRIPT", "HELP"], asStrings),
};
