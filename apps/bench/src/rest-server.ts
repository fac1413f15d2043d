/**
 * A REST server in a process of its own, as it is deployed, for the tables that compare servers (see
 * sections/rest-server-process.ts): `node dist/rest-server.js <gateway|bare> <redis-url> <token>`. Prints its URL
 * on the first line; answers each "cpu" line on stdin with the process's CPU time so far (µs); exits when stdin
 * closes.
 */
import { createInterface } from "node:readline";
import { createGateway } from "@beeredis/gateway";
import { startBareRestServer } from "./sections/bare-rest-server.js";

const [kind, redisUrl, token] = process.argv.slice(2);
if ((kind !== "gateway" && kind !== "bare") || !redisUrl || !token) {
  throw new Error("usage: rest-server.js <gateway|bare> <redis-url> <token>");
}
const server =
  kind === "gateway"
    ? await createGateway({ redis: redisUrl, tokens: [{ token }], port: 0 })
    : await startBareRestServer(redisUrl, token);
process.stdout.write(`${server.url}\n`);
const commands = createInterface({ input: process.stdin });
commands.on("line", () => {
  const { user, system } = process.cpuUsage();
  process.stdout.write(`${user + system}\n`);
});
commands.on("close", () => {
  server.close().then(() => process.exit(0));
});
