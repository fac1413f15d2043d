#!/usr/bin/env node
/**
 * Runs after tsup's declaration build. TypeScript marks a class with ES private fields (`#endpoint`, kept out of
 * `console.log` and JSON because it holds credentials) by a `#private;` line in its declaration, which a user's
 * `tsc` rejects below target ES2015 (TS18028; ES5 is tsc's default target). `private "#private";` keeps the class
 * nominal, as `#private;` does, and compiles for every target.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";

const dist = new URL("../dist/", import.meta.url);
for (const file of await readdir(dist)) {
  if (!/\.d\.c?ts$/.test(file)) continue;
  const path = new URL(file, dist);
  const text = await readFile(path, "utf8");
  const fixed = text.replace(/^(\s+)#private;$/gm, '$1private "#private";');
  if (fixed !== text) await writeFile(path, fixed);
}
