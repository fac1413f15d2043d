/**
 * @module The query debug logger (`registry.enableQueryDebug()`), for development: one line per command with its
 * arguments, like BeeORM's debug mode. It prints argument values, so it is off unless asked for.
 */
import type { WireArg } from "../transport.js";

/** Longest argument shown; longer ones are cut with `…`. */
const MAX_ARG = 64;

/**
 * One line: `[beeredis][redis][default] SET my-key value EX 30 1.23 ms`, a batch as
 * `[beeredis][redis][default] MULTI SET a 1 | GET a 0.80 ms`, and `ERROR <message>` when it rejected.
 * @internal
 */
export function debugLine(
  pool: string,
  commands: readonly (readonly WireArg[])[],
  ms: number,
  error: unknown,
  batch?: string,
): string {
  const text = commands.map((argv) => argv.map(showArg).join(" ")).join(" | ");
  const failed =
    error === undefined ? "" : ` ERROR ${error instanceof Error ? error.message : String(error)}`;
  return `[beeredis][redis][${pool}] ${batch === undefined ? "" : `${batch} `}${text} ${ms.toFixed(2)} ms${failed}`;
}

function showArg(arg: WireArg): string {
  if (typeof arg !== "string") return `<${arg.length} bytes>`;
  const cut = arg.length > MAX_ARG ? `${arg.slice(0, MAX_ARG)}…` : arg;
  return /[\s"]/.test(cut) || cut === "" ? JSON.stringify(cut) : cut;
}
