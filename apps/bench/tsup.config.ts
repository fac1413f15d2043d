import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/main.ts", "src/rest-server.ts"],
  format: ["esm"],
  clean: true,
  target: "es2022",
});
