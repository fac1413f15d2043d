/** @module The four rate-limit scripts, by algorithm. */

import type { KnownScript } from "../known-script.js";
import { Script } from "../script.js";
import { FIXED_WINDOW } from "./fixed-window.js";
import { GCRA } from "./gcra.js";
import { SLIDING_LOG } from "./sliding-log.js";
import { SLIDING_WINDOW } from "./sliding-window.js";
import type { RateLimitAlgorithm } from "./types.js";

/** The script of each algorithm, with its SHA-1 as a plain string for the hot path. @internal */
export const RATE_SCRIPTS: Readonly<Record<RateLimitAlgorithm, KnownScript>> = {
  "sliding-log": SLIDING_LOG,
  gcra: GCRA,
  "fixed-window": FIXED_WINDOW,
  "sliding-window": SLIDING_WINDOW,
};

/**
 * The Lua script behind each rate-limit algorithm, with its precomputed SHA-1: to preload with SCRIPT LOAD, or to
 * read. Each takes KEYS[1] and ARGV `limit, window (µs), cost, peek` and returns
 * `{allowed, remaining, resetAfterUs, retryAfterUs, serverTimeUs}`.
 */
export const RATE_LIMIT_SCRIPTS: Readonly<Record<RateLimitAlgorithm, Script>> = Object.freeze({
  "sliding-log": new Script(SLIDING_LOG.lua, SLIDING_LOG.sha),
  gcra: new Script(GCRA.lua, GCRA.sha),
  "fixed-window": new Script(FIXED_WINDOW.lua, FIXED_WINDOW.sha),
  "sliding-window": new Script(SLIDING_WINDOW.lua, SLIDING_WINDOW.sha),
});
