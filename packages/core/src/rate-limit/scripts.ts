/** @module The four rate-limit scripts, by algorithm. */
import type { Script } from "../script.js";
import { FIXED_WINDOW } from "./fixed-window.js";
import { GCRA } from "./gcra.js";
import type { RateLimitScriptReply } from "./reply.js";
import { SLIDING_LOG } from "./sliding-log.js";
import { SLIDING_WINDOW } from "./sliding-window.js";
import type { RateLimitAlgorithm } from "./types.js";

/**
 * The Lua script behind each rate-limit algorithm, with its precomputed SHA-1: to preload with SCRIPT LOAD, or to
 * read. Each takes one key and ARGV `limit, window (µs), cost, peek` and answers a {@link RateLimitScriptReply}.
 */
export const RATE_LIMIT_SCRIPTS: Readonly<Record<RateLimitAlgorithm, Script<RateLimitScriptReply>>> =
  /* @__PURE__ */ Object.freeze({
    "sliding-log": SLIDING_LOG,
    gcra: GCRA,
    "fixed-window": FIXED_WINDOW,
    "sliding-window": SLIDING_WINDOW,
  });
