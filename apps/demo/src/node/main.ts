/**
 * `pnpm demo`: the demo web app on Node over TCP, and the same app in workerd (the Cloudflare Workers runtime,
 * through miniflare) over HTTP through a gateway, side by side.
 * Redis: REDIS_URL, else 127.0.0.1:6379, else a redis-server spawned from PATH, else a message saying what to install.
 * Ctrl-C stops both servers, the gateway and any redis-server it spawned.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startDemo } from "./serve.js";

const args = process.argv.slice(2).filter((arg) => arg !== "--");
const unknown = args.filter((arg) => arg !== "--help" && arg !== "-h");
if (args.includes("--help") || args.includes("-h") || unknown.length > 0) {
  if (unknown.length > 0) console.error(`Unknown argument: ${unknown.join(" ")}\n`);
  console.log(
    "Usage: pnpm demo\n\n" +
      "Serves the demo on Node over TCP and, on the next free port, in workerd over HTTP through a gateway.\n\n" +
      "Environment: REDIS_URL (else 127.0.0.1:6379, else a spawned redis-server), PORT (default 3000), HOST (default 127.0.0.1)",
  );
  process.exit(unknown.length > 0 ? 2 : 0);
}

// Bundled for workerd by `pnpm build` into dist/worker.js: next to this file once built, or run from src/node/.
const workerPath = ["./worker.js", "../../dist/worker.js"]
  .map((path) => fileURLToPath(new URL(path, import.meta.url)))
  .find((path) => existsSync(path));
const workerScript = workerPath === undefined ? undefined : readFileSync(workerPath, "utf8");

const demo = await startDemo({ workerScript }).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
for (const line of demo.describe) console.log(line);
const edge = demo.edgeUrl ? ` (Node) and ${demo.edgeUrl} (edge)` : "";
console.log(`\nbeeredis demo running at ${demo.url}${edge}\nPress Ctrl-C to stop.`);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping...`);
  const force = setTimeout(() => {
    console.error("Still stopping after 5 s: exiting anyway.");
    process.exit(1);
  }, 5000);
  force.unref();
  demo.close().then(
    () => {
      console.log("Stopped.");
      process.exit(0);
    },
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
};
// Miniflare's exit hook exits at once on SIGINT and SIGTERM, skipping the steps above (the gateway, a spawned
// redis-server). Ours replaces it: close() disposes of workerd too. Its hook on "exit" stays, as a fallback.
process.removeAllListeners("SIGINT");
process.removeAllListeners("SIGTERM");
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
