import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/node.ts", "src/walkthrough.ts"],
  format: ["esm"],
  clean: true,
  target: "es2022",
});
