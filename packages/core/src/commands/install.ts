import type { Command } from "./command.js";
import { commands } from "./index.js";

type Build = (...args: unknown[]) => Command<unknown>;

/**
 * Installs one method per command builder on a class prototype. `"execute"` methods send the command and
 * resolve to its result (a bad argument becomes a rejection); `"record"` methods queue it in a batch and return
 * the batch (a bad argument throws at once).
 * @internal
 */
export function installCommands(prototype: object, kind: "execute" | "record"): void {
  for (const [name, build] of Object.entries(commands) as [string, Build][]) {
    const value =
      kind === "execute"
        ? function (this: { execute(cmd: Command<unknown>): Promise<unknown> }, ...args: unknown[]) {
            try {
              return this.execute(build(...args));
            } catch (error) {
              return Promise.reject(error);
            }
          }
        : function (this: { record(cmd: Command<unknown>): unknown }, ...args: unknown[]) {
            return this.record(build(...args));
          };
    Object.defineProperty(prototype, name, { value, writable: true, configurable: true });
  }
}
