import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  // The app tests run against the workspace sources. The Worker, browser and entry tests bundle worker.ts with
  // worker-build.ts, which resolves the packages through their `exports` (dist), as a user's bundler would: run
  // `pnpm build` first.
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
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The browser, Worker and entry tests each start servers (workerd among them); running files one at a time
    // keeps the machine calm and the timings readable.
    fileParallelism: false,
  },
});
