/**
 * The esbuild bundles of the runtime matrix and the size check. Every bundle resolves the @beeredis packages
 * through their published `exports` (their dist), as a user's bundler would: run `pnpm build` first.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/** The app's root folder. */
export const root = here("..");

/** Throws a clear error when a package's dist is missing. */
export function assertBuilt(packages = ["core", "upstash", "ioredis"]) {
  for (const pkg of packages) {
    const dist = here(`../../../packages/${pkg}/dist/index.js`);
    if (!existsSync(dist))
      throw new Error(`${dist} is missing: run \`pnpm build\` at the repository root first.`);
  }
}

/** Conditions a Workers build uses (wrangler's), and a Vercel Edge build (edge-light first). */
export const WORKER_CONDITIONS = ["workerd", "worker", "browser", "import"];
export const EDGE_CONDITIONS = ["edge-light", "worker", "browser", "import"];

/**
 * Bundles a Node/Bun/Deno entry to one ESM file at `outfile`, everything included (ioredis too), so Deno runs
 * it without resolving any package. CommonJS inside (ioredis) gets a real `require` from `node:module`. Bun and
 * Deno resolve the `bun` or `deno` condition before `node`, as they do for a package they load themselves.
 */
export async function bundleProcessEntry(entry, outfile) {
  assertBuilt();
  await build({
    entryPoints: [here(`../src/entries/${entry}.ts`)],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    conditions: entry === "node" ? [] : [entry],
    target: "es2022",
    banner: {
      js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);',
    },
    logLevel: "silent",
  });
}

/**
 * Bundles an edge entry in memory: `format` "esm" for workerd, "iife" for edge-runtime (a script with a
 * fetch-event listener). Returns the code and esbuild's metafile.
 */
export async function bundleEdgeEntry(
  entryPoint,
  { format = "esm", conditions = WORKER_CONDITIONS, minify = false, external = [] } = {},
) {
  assertBuilt(["core", "upstash"]);
  const result = await build({
    entryPoints: [entryPoint],
    bundle: true,
    write: false,
    format,
    platform: "neutral",
    target: "es2022",
    conditions,
    mainFields: ["module", "main"],
    minify,
    metafile: true,
    external,
    logLevel: "silent",
  });
  return { code: result.outputFiles[0].text, metafile: result.metafile };
}

/** The path of an entry file of src/entries. */
export const entryFile = (name) => here(`../src/entries/${name}.ts`);
