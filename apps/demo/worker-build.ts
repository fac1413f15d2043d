/**
 * How worker.ts is bundled for workerd, in one place: `pnpm build` writes dist/worker.js with it (tsup.config.ts),
 * and the tests bundle the current sources with it. ESM and web-standard APIs only (no nodejs_compat); the
 * packages resolve through their published `exports` (their dist, so build them first) with the conditions
 * wrangler uses for workerd, as a user's build would.
 */
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Bundles worker.ts and returns the script; with `outfile`, also writes it there. */
export async function bundleWorker(outfile?: string): Promise<string> {
  for (const pkg of ["core", "upstash"]) {
    const dist = here(`../../packages/${pkg}/dist/index.js`);
    if (!existsSync(dist))
      throw new Error(`${dist} is missing: run \`pnpm build\` at the repository root first.`);
  }
  const result = await build({
    entryPoints: [here("./worker.ts")],
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser", "import"],
    mainFields: ["module", "main"],
    logLevel: "silent",
  });
  const script = result.outputFiles[0]!.text;
  if (outfile) {
    await mkdir(dirname(outfile), { recursive: true });
    await writeFile(outfile, script);
  }
  return script;
}
