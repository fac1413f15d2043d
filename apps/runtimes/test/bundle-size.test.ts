/**
 * The edge bundle-size check: @beeredis/core + @beeredis/upstash as one minified, gzipped Workers bundle must
 * not grow more than 10% over the figures recorded in bundle-size.json (re-record with
 * `pnpm --filter beeredis-runtimes bundle-size --write` when a growth is intended, and update
 * packages/upstash/README.md's "Bundle size" section).
 */
import { describe, expect, it } from "vitest";
import { compare, gzippedFigures, measure, readRecord } from "../scripts/bundle-size.mjs";

describe("edge bundle size", () => {
  it("core + upstash and a rateLimit-only worker (on LiteRegistry and on Registry) stay within 10% of the record; the LiteRegistry worker has no stream or geo code", async () => {
    const measured = await measure();
    console.log("gzipped bytes:", gzippedFigures(measured));
    expect(compare(measured, readRecord())).toEqual([]);
  });
});
