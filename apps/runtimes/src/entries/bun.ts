/** Bun entry: `bun dist/bun.mjs '<config json>'`. */
import { main } from "./process.js";

declare const Bun: { argv: string[] };

if (typeof Bun === "undefined") throw new Error("bun.ts must run in Bun.");
process.exit(await main(Bun.argv.slice(2)));
