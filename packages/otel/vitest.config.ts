import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  // The tests run on the workspace sources of the packages they use, so nothing needs building first.
  resolve: {
    alias: {
      "@beeredis/core": source("../core/src/index.ts"),
      "@beeredis/ioredis": source("../ioredis/src/index.ts"),
      "@beeredis/testkit": source("../testkit/src/index.ts"),
    },
  },
  test: { testTimeout: 20_000, hookTimeout: 30_000 },
});
