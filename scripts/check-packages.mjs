#!/usr/bin/env node
/**
 * Package hygiene for every published package: publint (strict: warnings fail too) and
 * @arethetypeswrong/cli on the packed tarball, ESM and CJS, under the node16 and bundler resolutions
 * (attw's "node16" profile; node10, which has no `exports`, is ignored). It builds nothing: run `pnpm build` first.
 * Also: each package has its LICENSE and registry metadata, and a dependency shared by several packages is asked
 * for with one range everywhere (two ranges can install two copies).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const PACKAGES = ["core", "ioredis", "upstash", "gateway", "testkit", "hono", "otel"];
const bin = (name) => `${root}node_modules/.bin/${name}`;

const failures = [];
const METADATA = ["license", "repository", "homepage", "bugs", "keywords"];
const ranges = new Map(); // dependency name -> Map(range -> [package, ...])
for (const name of PACKAGES) {
  const dir = `packages/${name}`;
  const manifest = JSON.parse(readFileSync(`${root}${dir}/package.json`, "utf8"));
  if (!existsSync(`${root}${dir}/LICENSE`)) failures.push(`${dir}: no LICENSE file`);
  for (const field of METADATA) if (!manifest[field]) failures.push(`${dir}: package.json has no "${field}"`);
  for (const [dep, range] of Object.entries({ ...manifest.dependencies, ...manifest.peerDependencies })) {
    if (range.startsWith("workspace:")) continue;
    if (!ranges.has(dep)) ranges.set(dep, new Map());
    ranges.get(dep).set(range, [...(ranges.get(dep).get(range) ?? []), manifest.name]);
  }
}
for (const [dep, byRange] of ranges) {
  if (byRange.size > 1) {
    const asked = [...byRange].map(([range, names]) => `${names.join(", ")} ask ${range}`).join("; ");
    failures.push(`${dep} is asked for with ${byRange.size} ranges (${asked}): use one`);
  }
}
for (const name of PACKAGES) {
  const dir = `packages/${name}`;
  if (!existsSync(`${root}${dir}/dist`)) {
    failures.push(`${dir}: no dist, run \`pnpm build\` first`);
    continue;
  }
  for (const [tool, args] of [
    ["publint", [dir, "--strict"]],
    ["attw", ["--pack", dir, "--profile", "node16", "--format", "table-flipped"]],
  ]) {
    console.log(`\n$ ${tool} ${args.join(" ")}`);
    const run = spawnSync(bin(tool), args, { cwd: root, stdio: "inherit" });
    if (run.status !== 0) failures.push(`${dir}: ${tool} failed (exit ${run.status ?? run.signal})`);
  }
}
if (failures.length) {
  console.error(`\ncheck:packages failed:\n- ${failures.join("\n- ")}`);
  process.exit(1);
}
console.log(`\ncheck:packages: publint and attw are clean for ${PACKAGES.length} packages.`);
