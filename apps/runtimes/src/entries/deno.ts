/** Deno entry: `deno run -A dist/deno.mjs '<config json>'`. */
import { main } from "./process.js";

declare const Deno: { args: string[]; exit(code: number): never };

if (typeof Deno === "undefined") throw new Error("deno.ts must run in Deno.");
Deno.exit(await main(Deno.args));
