import type { Command } from "./command.js";
import { commandBuilders } from "./index.js";

/** Builds one command from a method's arguments. @internal */
export type Build = (...args: unknown[]) => Command<unknown>;

const installed = new WeakSet<object>();

/**
 * Installs one method per command builder on a class prototype, the first time the class is constructed.
 * `"execute"` methods hand the builder and the arguments to the class's `execute`, which builds, sends and
 * resolves to the result (a bad argument becomes a rejection); `"record"` methods queue the command in a batch
 * and return the batch (a bad argument throws at once).
 * Called from constructors rather than at module load, so a bundle that never constructs the class (one built
 * on `LiteRegistry`) has no top-level statement keeping the builders alive, and drops them all.
 * @internal
 */
export function installCommands(prototype: object, kind: "execute" | "record"): void {
  if (installed.has(prototype)) return;
  installed.add(prototype);
  for (const [name, build] of Object.entries(commandBuilders()) as [string, Build][]) {
    const value =
      kind === "execute"
        ? function (this: { execute(build: Build, args: unknown[]): Promise<unknown> }, ...args: unknown[]) {
            return this.execute(build, args);
          }
        : function (this: { record(cmd: Command<unknown>): unknown }, ...args: unknown[]) {
            return this.record(build(...args));
          };
    Object.defineProperty(prototype, name, { value, writable: true, configurable: true });
  }
}
