import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The soak runs for SOAK_SECONDS (default 60); a minute on top covers setup, the last calls and teardown. */
const soakSeconds = Number(process.env.SOAK_SECONDS || 60);

export default defineConfig({
  // The soak runs against the workspace sources, one copy of each package.
  resolve: {
    alias: {
      "@beeredis/core": source("../../packages/core/src/index.ts"),
      "@beeredis/ioredis": source("../../packages/ioredis/src/index.ts"),
      "@beeredis/upstash": source("../../packages/upstash/src/index.ts"),
      "@beeredis/gateway": source("../../packages/gateway/src/index.ts"),
      "@beeredis/testkit": source("../../packages/testkit/src/index.ts"),
    },
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: (soakSeconds + 60) * 1000,
    hookTimeout: 60_000,
    // The heap figure is taken after a forced gc.
    execArgv: ["--expose-gc"],
    fileParallelism: false,
  },
});
