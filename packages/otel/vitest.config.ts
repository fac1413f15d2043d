import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  // Tests run against the workspace sources, so no package needs building first.
  resolve: {
    alias: {
      "@beeredis/core": source("../core/src/index.ts"),
      "@beeredis/ioredis": source("../ioredis/src/index.ts"),
      "@beeredis/upstash": source("../upstash/src/index.ts"),
      "@beeredis/gateway": source("../gateway/src/index.ts"),
      "@beeredis/testkit": source("../testkit/src/index.ts"),
    },
  },
  test: { testTimeout: 20_000, hookTimeout: 30_000 },
});
