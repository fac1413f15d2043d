#!/usr/bin/env node
/**
 * The release check: packs every published package (`pnpm pack`, as `changeset publish` would publish it),
 * installs the tarballs into a scratch project outside the workspace, and from there
 * - runs the README examples with `import` (ESM) and with `require` (CJS) against a real redis-server;
 * - type-checks a user's file with `tsc --strict` defaults and again with `--module nodenext`;
 * - checks ioredis is installed once (the packages ask one range of it).
 * Needs `pnpm build` first and redis-server on PATH. Nothing is published.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const PACKAGES = ["core", "ioredis", "upstash", "gateway", "testkit", "hono", "otel"];
const scratch = mkdtempSync(join(tmpdir(), "beeredis-tarballs-"));
const tarballs = join(scratch, "tarballs");
const project = join(scratch, "project");

function run(command, args, cwd) {
  console.log(`$ ${command} ${args.join(" ")}`);
  execFileSync(command, args, { cwd, stdio: "inherit" });
}

try {
  const local = {};
  for (const name of PACKAGES) {
    execFileSync("pnpm", ["pack", "--pack-destination", tarballs], {
      cwd: join(root, "packages", name),
      stdio: "ignore",
    });
  }
  for (const file of readdirSync(tarballs)) {
    const name = /^beeredis-(.+)-\d+\.\d+\.\d+.*\.tgz$/.exec(file)?.[1];
    if (name) local[`@beeredis/${name}`] = `file:${join(tarballs, file)}`;
  }
  console.log(`packed ${Object.keys(local).length} packages into ${tarballs}`);

  execFileSync("mkdir", ["-p", project]);
  const manifest = {
    name: "beeredis-tarball-smoke",
    private: true,
    type: "module",
    dependencies: {
      ...local,
      ioredis: "^6.0.0",
      hono: "^4.0.0",
      "@opentelemetry/api": "1.9.0",
      "@types/node": "20.19.43",
    },
  };
  writeFileSync(join(project, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  // The packages depend on each other by version; point those at the tarballs too (nothing is published).
  const overrides = Object.entries(local).map(([name, spec]) => `  "${name}": "${spec}"`);
  writeFileSync(join(project, "pnpm-workspace.yaml"), `overrides:\n${overrides.join("\n")}\n`);
  for (const file of ["scenario.cjs", "esm.mjs", "cjs.cjs", "types.ts"]) {
    copyFileSync(join(root, "scripts/tarball-smoke", file), join(project, file));
  }
  run("pnpm", ["install", "--prefer-offline", "--reporter=append-only"], project);

  const copies = readdirSync(join(project, "node_modules/.pnpm")).filter((dir) => /^ioredis@/.test(dir));
  if (copies.length !== 1)
    throw new Error(`expected one ioredis in the install, found: ${copies.join(", ")}`);

  run(process.execPath, ["esm.mjs"], project);
  run(process.execPath, ["cjs.cjs"], project);
  const tsc = join(root, "node_modules/.bin/tsc");
  run(tsc, ["--strict", "--noEmit", "types.ts"], project);
  run(tsc, ["--strict", "--noEmit", "--module", "nodenext", "--target", "es2022", "types.ts"], project);
  console.log("smoke:tarballs: every package installs from its tarball and runs with import and require.");
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
