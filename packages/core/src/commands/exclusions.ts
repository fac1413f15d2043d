/**
 * @module The commands of the server's command table that deliberately have no method, each with its reason.
 * The coverage test (test/coverage.test.ts) fails for any other command or subcommand without one.
 * Everything here except the refused commands can still be sent with `pool.call()`.
 */
import { FORBIDDEN_COMMANDS, FORBIDDEN_SUBCOMMANDS } from "./forbidden.js";

const REFUSED = "refused (ForbiddenCommandError): ";

/**
 * Commands and subcommands with no method, keyed like the README: `NAME`, `CONTAINER SUBCOMMAND`, or
 * `* HELP` for the HELP subcommand of every container. Documented in the core README ("Coverage").
 */
export const COMMAND_EXCLUSIONS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    Object.entries({ ...FORBIDDEN_COMMANDS, ...FORBIDDEN_SUBCOMMANDS }).map(([name, reason]) => [
      name,
      REFUSED + reason,
    ]),
  ),
  "CLIENT CACHING":
    "connection state: it only acts on the next command of a connection in CLIENT TRACKING OPTIN/OPTOUT mode, which is refused.",
  "SCRIPT DEBUG":
    "connection state: the Lua debugger (redis-cli --ldb) takes over the connection that runs the script.",
  ASKING:
    "connection state: a one-shot flag for the next command after an -ASK redirect, sent by the cluster transport itself.",
  "RESTORE-ASKING": "server-to-server: the RESTORE that MIGRATE sends to a cluster node importing a slot.",
  PFDEBUG: "internal debugging of the HyperLogLog encoding; no stable interface.",
  PFSELFTEST: "internal self-test of the HyperLogLog implementation; no stable interface.",
  DEBUG:
    "a developer tool with no stable interface, disabled by default since Redis 7 (enable-debug-command); use pool.call('DEBUG', ...).",
  "* HELP":
    "usage text for humans, not an API. Most containers still have a typed `<container>Help()` method returning the lines.",
};
