#!/usr/bin/env node
/**
 * Fails on a broken link in any README or guide: a relative link to a file or folder that does not exist, to a
 * heading that does not exist (`file.md#anchor`), or to anything outside the repository. Web links (http, https,
 * mailto) are not fetched: CI has no network beyond the package registries.
 */
import { dirname, join, relative, resolve } from "node:path";
import { anchorsOf, existsSync, markdownFiles, proseOf, readFileSync, root } from "./markdown.mjs";

const LINK = /!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const broken = [];
let checked = 0;

for (const file of markdownFiles()) {
  const lines = proseOf(readFileSync(join(root, file), "utf8")).split("\n");
  lines.forEach((line, index) => {
    for (const [, target] of line.matchAll(LINK)) {
      if (/^(https?|mailto):/i.test(target)) continue;
      checked++;
      const where = `${file}:${index + 1}`;
      const [path, anchor] = target.split("#");
      const resolved = path ? resolve(root, dirname(file), decodeURIComponent(path)) : join(root, file);
      if (relative(root, resolved).startsWith("..")) {
        broken.push(`${where}: ${target} points outside the repository`);
      } else if (!existsSync(resolved)) {
        broken.push(`${where}: ${target} does not exist`);
      } else if (anchor && resolved.endsWith(".md") && !anchorsOf(resolved).has(anchor)) {
        broken.push(`${where}: ${target} has no heading #${anchor}`);
      }
    }
  });
}

if (broken.length) {
  console.error(`Broken links:\n- ${broken.join("\n- ")}`);
  process.exit(1);
}
console.log(
  `check-links: ${checked} relative links in ${markdownFiles().length} Markdown files, none broken.`,
);
