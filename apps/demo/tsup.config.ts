import { defineConfig } from "tsup";
import { bundleWorker } from "./worker-build.js";

export default defineConfig({
  entry: { node: "src/node/main.ts", walkthrough: "src/node/walkthrough.ts" },
  format: ["esm"],
  clean: true,
  target: "es2022",
  // The Worker, bundled for workerd once here (dist/worker.js), so that `pnpm demo` starts the edge at once.
  onSuccess: async () => {
    await bundleWorker("dist/worker.js");
  },
});
