import { defineConfig } from "vitest/config";

export default defineConfig({
  // No source aliases: every runtime runs bundles built from the packages' published `exports` (their dist),
  // as users get them. The test itself imports @beeredis/gateway and @beeredis/testkit from dist too.
  test: {
    include: ["test/**/*.test.ts"],
    // One line per runtime, pass or fail.
    reporters: ["verbose"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
