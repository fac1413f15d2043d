import { describe, expect, it } from "vitest";
import { Script } from "../script.js";
import { MULTI_LIMIT } from "./multi-script.js";
import { REFUND } from "./penalty.js";
import { RATE_LIMIT_SCRIPTS } from "./scripts.js";
import { SLIDING_LOG_VERDICT } from "./sliding-log-verdict.js";

/** Every rate-limit script: the four algorithms, `pool.rateLimit()`'s verdict, the multi-limit decision and the refund. */
const ALL = { ...RATE_LIMIT_SCRIPTS, verdict: SLIDING_LOG_VERDICT, multi: MULTI_LIMIT, refund: REFUND };

describe("rate limit scripts", () => {
  it("every stored SHA-1 is the SHA-1 of its Lua source", async () => {
    for (const [algorithm, script] of Object.entries(ALL)) {
      const stored = script.knownSha;
      expect(stored).toMatch(/^[0-9a-f]{40}$/);
      expect({ algorithm, sha: await new Script(script.lua).sha() }).toEqual({ algorithm, sha: stored });
      expect(await script.sha()).toBe(stored);
    }
  });

  it("scripts use no Redis 7-only feature: no shebang flags, no redis.setresp, no FUNCTION", () => {
    for (const script of Object.values(ALL)) {
      expect(script.lua.startsWith("#!")).toBe(false);
      expect(script.lua).not.toMatch(/setresp|set_repl|FUNCTION|EXPIRETIME|ZRANGESTORE/);
    }
  });

  it("each takes its state key and its block key", () => {
    for (const script of [...Object.values(RATE_LIMIT_SCRIPTS), SLIDING_LOG_VERDICT])
      expect(script.keys).toBe(2);
  });
});
