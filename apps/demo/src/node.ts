/**
 * `pnpm demo`: the demo web app on Node. `pnpm demo -- --http` runs it over the HTTP transport through a gateway.
 * Redis: REDIS_URL, else 127.0.0.1:6379, else a redis-server spawned from PATH, else a message saying what to install.
 * Ctrl-C stops the server, the gateway and any redis-server it spawned.
 */
import { startDemo } from "./serve.js";

const args = process.argv.slice(2).filter((arg) => arg !== "--");
const unknown = args.filter((arg) => arg !== "--http" && arg !== "--help" && arg !== "-h");
if (args.includes("--help") || args.includes("-h") || unknown.length > 0) {
  if (unknown.length > 0) console.error(`Unknown argument: ${unknown.join(" ")}\n`);
  console.log(
    "Usage: pnpm demo [-- --http]\n\n" +
      "  --http   serve the app over the HTTP transport (@beeredis/upstash) through a gateway started here\n\n" +
      "Environment: REDIS_URL (else 127.0.0.1:6379, else a spawned redis-server), PORT (default 3000), HOST (default 127.0.0.1)",
  );
  process.exit(unknown.length > 0 ? 2 : 0);
}

const demo = await startDemo({ http: args.includes("--http") }).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
for (const line of demo.describe) console.log(line);
console.log(`\nbeeredis demo running at ${demo.url}\nPress Ctrl-C to stop.`);

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
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
