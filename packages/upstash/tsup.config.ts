import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/index.node.ts", "src/client.ts", "src/node.ts"],
  format: ["esm", "cjs"],
  // Node's types for the declarations of `./node` and of the Node main entry, index.node.ts (tsconfig.json leaves
  // them out so the rest stays runtime-neutral).
  dts: { compilerOptions: { types: ["node"] } },
  clean: true,
  sourcemap: true,
  target: "es2022",
});
