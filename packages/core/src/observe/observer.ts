/** @module The command observer a pool gets when its registry has command listeners or the debug logger. */
import { nameOf } from "../commands/forbidden.js";
import { debugLine } from "./debug.js";
import { type CommandObserver, emit, type Hooks } from "./hooks.js";

/** The observer for pool `pool`, or `undefined` when nothing listens to commands (so nothing is timed). @internal */
export function commandObserver(hooks: Hooks | undefined, pool: string): CommandObserver | undefined {
  if (hooks === undefined) return undefined;
  const listeners = hooks.command;
  const debug = hooks.debug;
  if (listeners.length === 0 && debug === undefined) return undefined;
  return {
    command(argv, ms, error) {
      if (listeners.length > 0) emit(listeners, { pool, command: nameOf(argv), ms, error });
      if (debug !== undefined) debug(debugLine(pool, [argv], ms, error));
    },
    batch(atomic, commands, ms, error) {
      const command = atomic ? "MULTI" : "PIPELINE";
      if (listeners.length > 0) emit(listeners, { pool, command, batch: commands.map(nameOf), ms, error });
      if (debug !== undefined) debug(debugLine(pool, commands, ms, error, command));
    },
  };
}
