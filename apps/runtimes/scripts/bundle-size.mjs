#!/usr/bin/env node
/**
 * Edge bundle size of @beeredis/core + @beeredis/upstash, minified and gzipped, as one Workers bundle (esbuild,
 * from the packages' published `exports`: run `pnpm build` first).
 *
 *   node scripts/bundle-size.mjs           measure, print, and fail (exit 1) on > 10% growth over bundle-size.json
 *   node scripts/bundle-size.mjs --write   measure and record the figures in bundle-size.json
 *
 * Bundles:
 * - "full": everything core and upstash export;
 * - "rateLimitOnly": a worker that uses only rateLimit, on `LiteRegistry`. The check also fails when stream or
 *   geo command code ("XAUTOCLAIM", "GEOSEARCH") was not tree-shaken away;
 * - "rateLimitOnRegistry": the same worker on `Registry`, which keeps every command builder: what `LiteRegistry`
 *   saves.
 * The check also fails when anything of @upstash/redis (the optional peer of `@beeredis/upstash/client`) reaches
 * the "full" bundle, which imports only the main entry.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { bundleEdgeEntry } from "./bundles.mjs";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const RECORD = here("../bundle-size.json");
/** Allowed growth over the recorded figure. */
export const TOLERANCE = 0.1;
/** String literals found only in the stream and geo command builders of @beeredis/core. */
export const MARKERS = ["XAUTOCLAIM", "GEOSEARCH"];
/** Found only in `@beeredis/upstash/client`: the main entry must not carry it. */
export const CLIENT_MARKER = "@upstash/redis";

const gz = (code) => gzipSync(code, { level: 9 }).length;

/** Minified bytes each package contributes to the output (esbuild metafile). */
function byPackage(metafile) {
  const sizes = {};
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name =
        /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/.exec(input)?.[1] ??
        /packages\/([^/]+)\//.exec(input)?.[1]?.replace(/^/, "@beeredis/") ??
        "(app)";
      sizes[name] = (sizes[name] ?? 0) + bytesInOutput;
    }
  }
  return Object.fromEntries(Object.entries(sizes).sort((a, b) => b[1] - a[1]));
}

async function measureOne(entry) {
  const { code, metafile } = await bundleEdgeEntry(here(`../src/size/${entry}.ts`), { minify: true });
  return { code, minified: Buffer.byteLength(code), gzipped: gz(code), byPackage: byPackage(metafile) };
}

/** Measures the bundles. Sizes in bytes. */
export async function measure() {
  const [full, rateLimitOnly, onRegistry] = await Promise.all([
    measureOne("full"),
    measureOne("rate-limit-only"),
    measureOne("rate-limit-on-registry"),
  ]);
  return {
    full: {
      minified: full.minified,
      gzipped: full.gzipped,
      byPackage: full.byPackage,
      upstashClientPresent: full.code.includes(CLIENT_MARKER),
    },
    rateLimitOnly: {
      minified: rateLimitOnly.minified,
      gzipped: rateLimitOnly.gzipped,
      markersPresent: MARKERS.filter((marker) => rateLimitOnly.code.includes(`"${marker}"`)),
    },
    rateLimitOnRegistry: { minified: onRegistry.minified, gzipped: onRegistry.gzipped },
  };
}

/** The gzipped figures the check compares, by name. */
export function gzippedFigures(measured) {
  return {
    "core + upstash, everything": measured.full.gzipped,
    "rateLimit-only worker": measured.rateLimitOnly.gzipped,
    "rateLimit-only worker on Registry": measured.rateLimitOnRegistry.gzipped,
  };
}

/**
 * Compares with the record: a list of figures more than {@link TOLERANCE} over their recorded value, and of
 * stream or geo code left in the rateLimit-only worker.
 */
export function compare(measured, recorded) {
  const now = gzippedFigures(measured);
  const before = gzippedFigures(recorded);
  const failures = measured.rateLimitOnly.markersPresent.map(
    (marker) =>
      `rateLimit-only worker: "${marker}" is in the bundle, so stream or geo command code was not tree-shaken`,
  );
  if (measured.full.upstashClientPresent) {
    failures.push(`core + upstash: "${CLIENT_MARKER}" is in the bundle of the main entry`);
  }
  for (const [name, bytes] of Object.entries(now)) {
    const limit = Math.floor(before[name] * (1 + TOLERANCE));
    if (!(bytes <= limit))
      failures.push(`${name}: ${bytes} B gzipped, over ${limit} B (recorded ${before[name]} B + 10%)`);
  }
  return failures;
}

export function readRecord() {
  return JSON.parse(readFileSync(RECORD, "utf8"));
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const measured = await measure();
  const { full, rateLimitOnly, rateLimitOnRegistry } = measured;
  console.log("Edge bundle (esbuild, minified, platform neutral, workerd conditions):");
  console.log(`  core + upstash, everything: ${kb(full.minified)} min, ${kb(full.gzipped)} gzip`);
  console.log(
    `  rateLimit-only worker:      ${kb(rateLimitOnly.minified)} min, ${kb(rateLimitOnly.gzipped)} gzip`,
  );
  console.log(
    `  the same on Registry:       ${kb(rateLimitOnRegistry.minified)} min, ${kb(rateLimitOnRegistry.gzipped)} gzip`,
  );
  console.log(
    `  stream/geo markers in the rateLimit-only worker: ${rateLimitOnly.markersPresent.join(", ") || "none"}`,
  );
  console.log(`  @upstash/redis in the core + upstash bundle: ${full.upstashClientPresent ? "yes" : "no"}`);
  console.log("  minified bytes by package:", full.byPackage);
  if (process.argv.includes("--write")) {
    writeFileSync(
      RECORD,
      `${JSON.stringify({ recordedWith: "esbuild 0.28.2, gzip level 9", ...measured }, null, 2)}\n`,
    );
    console.log(`Recorded in ${RECORD}`);
  } else {
    const failures = compare(measured, readRecord());
    for (const failure of failures) console.error(`Bundle grew: ${failure}`);
    process.exitCode = failures.length ? 1 : 0;
  }
}
