/**
 * Property: every command method, called with arguments at the edges of its types (and sometimes of no type at
 * all), either throws InvalidArgumentError before anything reaches the server, or sends a command Redis accepts:
 * on an empty database, the only error replies allowed are those about the data or the server's state, never
 * about the arguments (syntax, range, format).
 */
import { type CommandMethods, InvalidArgumentError, type RedisPool, ReplyError } from "@beeredis/core";
import { commandCalls } from "@beeredis/testkit";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashEntries, listEntries, setEntries } from "./fuzz-arguments/collections.js";
import type { Entry } from "./fuzz-arguments/inputs.js";
import { serverEntries } from "./fuzz-arguments/server.js";
import { bitEntries, geoEntries, sortedSetEntries } from "./fuzz-arguments/sorted-geo-bits.js";
import { scriptEntries, streamEntries } from "./fuzz-arguments/streams-scripts.js";
import { keyEntries, stringEntries } from "./fuzz-arguments/strings-keys.js";
import { FuzzServer, settle } from "./fuzz-helpers.js";

/** Every method, called or left out with a reason: a new method fails to compile until it is listed here. */
const METHODS = {
  ...stringEntries,
  ...keyEntries,
  ...hashEntries,
  ...listEntries,
  ...setEntries,
  ...sortedSetEntries,
  ...geoEntries,
  ...bitEntries,
  ...streamEntries,
  ...scriptEntries,
  ...serverEntries,
} satisfies Record<keyof CommandMethods, Entry>;

/** Errors about the data or the server (empty database, standalone server without ACL or config file). */
const STATE_ERRORS = [
  /^ERR no such key/,
  /^ERR The XGROUP subcommand requires the key to exist/,
  /^NOGROUP /,
  /^NOSCRIPT /,
  /^NOTBUSY /,
  /^ERR Function not found/,
  /^ERR Library not found/,
  /^ERR Library '.*' already exists/,
  /cluster support disabled/,
  /not configured to use an ACL file/,
  /^ERR The server is running without a config file/,
  /^ERR Error unloading module: no such module/,
  /^ERR No samples available for event/,
];

/** Errors about what only the server knows, per method: its own database, its `databases`, its command table. */
const SERVER_KNOWLEDGE: Partial<Record<keyof CommandMethods, RegExp>> = {
  move: /source and destination objects are the same|DB index is out of range/,
  copy: /source and destination objects are the same|DB index is out of range/,
  swapdb: /DB index is out of range/,
  aclCat: /Unknown category/,
  moduleUnload: /MODULE command not allowed/,
  aclDryrun: /User .* not found|Command '.*' not found/,
  commandGetkeys:
    /Invalid command specified|Invalid (number of )?arguments specified|The command has no key arguments/,
  commandGetkeysandflags:
    /Invalid command specified|Invalid (number of )?arguments specified|The command has no key arguments/,
};

const RUNS = Number(process.env.FUZZ_ARGUMENT_RUNS ?? 12);

describe("fuzz: every method sends a command Redis accepts, or refuses it before sending", () => {
  let redis: FuzzServer;
  let pool: RedisPool;

  beforeAll(async () => {
    redis = await FuzzServer.start();
    pool = await redis.pool();
  });
  afterAll(() => redis?.stop());

  /** What the server ran, but for the INFO that reads it. */
  async function sent(): Promise<Record<string, number>> {
    const { info: _reading, ...calls } = await commandCalls(redis.admin);
    return calls;
  }

  async function check(method: keyof CommandMethods, args: unknown[]): Promise<void> {
    await redis.admin.flushall();
    const before = await sent();
    const call = (pool as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!;
    const outcome = await settle(() => call.apply(pool, args));
    if (outcome.ok) return;
    const { error } = outcome as { error: Error };
    const label = `${method}(${show(args)})`;
    if (error instanceof InvalidArgumentError) {
      expect(await sent(), `${label} was refused, yet something was sent`).toEqual(before);
      return;
    }
    expect(error, `${label}: ${String(error)}`).toBeInstanceOf(ReplyError);
    const known =
      STATE_ERRORS.some((re) => re.test(error.message)) || SERVER_KNOWLEDGE[method]?.test(error.message);
    expect(known, `${label} was sent, and Redis refused its arguments: ${error.message}`).toBe(true);
  }

  for (const [method, entry] of Object.entries(METHODS) as [keyof CommandMethods, Entry][]) {
    if ("skip" in entry) it.skip(`${method} (left out: ${entry.skip})`, () => undefined);
    else {
      it(method, async () => {
        await fc.assert(
          fc.asyncProperty(entry, (args) => check(method, args)),
          { numRuns: RUNS },
        );
      });
    }
  }
});

function show(args: unknown[]): string {
  return args
    .map((a) =>
      typeof a === "bigint"
        ? `${a}n`
        : a instanceof Uint8Array
          ? `<${Buffer.from(a).toString("hex")}>`
          : JSON.stringify(a, (_k, v) =>
              typeof v === "bigint" ? `${v}n` : typeof v === "number" && !Number.isFinite(v) ? String(v) : v,
            ),
    )
    .join(", ");
}
