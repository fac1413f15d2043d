/** Node entry: `node dist/node.mjs '<config json>'`. */
import { main } from "./process.js";

process.exitCode = await main(process.argv.slice(2));
