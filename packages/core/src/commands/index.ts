/** @module Every typed command, merged from the family files. */

import { bitmapCommands } from "./bitmap.js";
import type { Command } from "./command.js";
import { functionCommands } from "./function.js";
import { geoCommands } from "./geo.js";
import { hashCommands } from "./hash.js";
import { hyperLogLogCommands } from "./hyperloglog.js";
import { keyCommands } from "./key.js";
import { keyAdminCommands } from "./key-admin.js";
import { listCommands } from "./list.js";
import { pubsubCommands } from "./pubsub.js";
import { scriptAdminCommands } from "./script-admin.js";
import { scriptingCommands } from "./scripting.js";
import { serverCommands } from "./server.js";
import { setCommands } from "./set.js";
import { sortedSetCommands } from "./sorted-set.js";
import { streamCommands } from "./stream.js";
import { stringCommands } from "./string.js";
import { stringExtraCommands } from "./string-extra.js";

/**
 * Every command builder, merged. A function rather than a constant, so that bundles which never build a
 * `RedisPool` (see `LiteRegistry`) drop all of them: a top-level object spread would be kept as a side effect.
 * @internal
 */
export const commandBuilders = () => ({
  ...stringCommands,
  ...stringExtraCommands,
  ...keyCommands,
  ...keyAdminCommands,
  ...hashCommands,
  ...listCommands,
  ...setCommands,
  ...sortedSetCommands,
  ...bitmapCommands,
  ...hyperLogLogCommands,
  ...geoCommands,
  ...streamCommands,
  ...functionCommands,
  ...pubsubCommands,
  ...scriptingCommands,
  ...scriptAdminCommands,
  ...serverCommands,
});

/** @internal */
export type CommandBuilders = ReturnType<typeof commandBuilders>;

/** A command's method on a pool: same arguments, resolves to the decoded result. */
export type CommandMethods = {
  [K in keyof CommandBuilders]: CommandBuilders[K] extends (...args: infer A) => Command<infer R>
    ? (...args: A) => Promise<R>
    : never;
};

export type { Command } from "./command.js";
