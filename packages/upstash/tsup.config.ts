import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/client.ts", "src/node.ts"],
  format: ["esm", "cjs"],
  // Node's types for the declarations of `./node` (tsconfig.json leaves them out so the rest stays runtime-neutral).
  dts: { compilerOptions: { types: ["node"] } },
  clean: true,
  sourcemap: true,
  target: "es2022",
});
