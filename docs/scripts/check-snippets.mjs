#!/usr/bin/env node
/**
 * Type-checks every ```ts block of the root README and of the guides in docs/, each as a module of its own,
 * against the built packages (their published `exports` and `.d.ts`, as users get them: run `pnpm build` first).
 * A block must compile as written, imports included. Errors are reported at their line in the Markdown file.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { codeBlocks, markdownFiles, readFileSync, root } from "./markdown.mjs";

const out = join(root, "docs/snippets");
const sources = markdownFiles().filter((file) => file === "README.md" || /^docs\/[^/]+\.md$/.test(file));
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

/** snippet file name -> where its first line is in the Markdown. */
const origins = new Map();
for (const file of sources) {
  for (const block of codeBlocks(readFileSync(join(root, file), "utf8"))) {
    if (block.lang !== "ts" && block.lang !== "typescript") continue;
    const name = `${file.replace(/[/.]/g, "_")}_${block.line}.ts`;
    writeFileSync(join(out, name), `${block.code}\n`);
    origins.set(name, { file, line: block.line });
  }
}

const tsc = join(root, "node_modules/.bin/tsc");
const result = spawnSync(tsc, ["-p", join(root, "docs/tsconfig.snippets.json")], { encoding: "utf8" });
if (result.status !== 0) {
  const report = `${result.stdout}${result.stderr}`.replace(
    /(?:snippets\/)?([\w.-]+\.ts)\((\d+),(\d+)\)/g,
    (whole, name, line, column) => {
      const origin = origins.get(name);
      return origin ? `${origin.file}:${origin.line + Number(line) - 1}:${column}` : whole;
    },
  );
  console.error(`A code example does not type-check:\n${report}`);
  process.exit(1);
}
rmSync(out, { recursive: true, force: true });
console.log(`check-snippets: ${origins.size} TypeScript examples in ${sources.length} files type-check.`);
