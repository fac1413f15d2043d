/**
 * Benchmarks beeredis side by side with the libraries users would pick instead, in one run on one Redis.
 * Usage: pnpm bench [section...] [--total N] [--json]. Sections: commands, rate-limit (rate-limit-multi alone:
 * its multi-limit server-time table), lock, http; `hooks` (CPU of the command path, no Redis) and
 * `gateway-instructions` (the gateway's and the bare REST server's instructions per request, under valgrind) run
 * only when named.
 * `--json` prints one JSON document (machine, every table) to stdout; the tables then go to stderr.
 */
import { cpus, loadavg, totalmem } from "node:os";
import { startRedis } from "@beeredis/testkit";
import { Redis } from "ioredis";
import { jsonReport, print, setJsonMode } from "./harness.js";
import { commandsSection } from "./sections/commands.js";
import { hooksSection } from "./sections/hooks.js";
import { httpSection } from "./sections/http.js";
import { lockSection } from "./sections/lock.js";
import { rateLimitSection } from "./sections/rate-limit.js";
import { multiLimitServerTime } from "./sections/rate-limit-multi.js";
import { serverInstructionsSection } from "./sections/server-instructions.js";

const SECTIONS: Record<
  string,
  (server: Awaited<ReturnType<typeof startRedis>>, total: number) => Promise<void>
> = {
  commands: commandsSection,
  "rate-limit": rateLimitSection,
  /** Only the multi-limit server-time table that closes "rate-limit". */
  "rate-limit-multi": multiLimitServerTime,
  lock: lockSection,
  http: httpSection,
  /** CPU of the command path with hooks unset, against an instant transport (no Redis). */
  hooks: hooksSection,
  /** Instructions per request of the gateway and the bare REST server, each under callgrind (needs valgrind). */
  "gateway-instructions": serverInstructionsSection,
};
/**
 * Sections that run only when named: "rate-limit" ends with the multi-limit table already; the other two measure
 * a cost (CPU, instructions) rather than race the peers.
 */
const ON_REQUEST = ["rate-limit-multi", "hooks", "gateway-instructions"];

const args = process.argv.slice(2).filter((a) => a !== "--");
const totalIndex = args.indexOf("--total");
const total = totalIndex >= 0 ? Number(args[totalIndex + 1]) : 20_000;
const json = args.includes("--json");
const chosen = args.filter((a, i) => !a.startsWith("--") && !(totalIndex >= 0 && i === totalIndex + 1));
const names = chosen.length > 0 ? chosen : Object.keys(SECTIONS).filter((name) => !ON_REQUEST.includes(name));
for (const name of names) {
  if (!SECTIONS[name]) {
    throw new Error(`Unknown section "${name}". Sections: ${Object.keys(SECTIONS).join(", ")}.`);
  }
}
setJsonMode(json);

const server = await startRedis();
const machine = await describeMachine(server.host, server.port);
print("# beeredis benchmarks\n");
print(
  `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB; load average ${machine.loadBefore.join(" / ")} at the start; node ${machine.node}; redis-server ${machine.redis} on a local TCP port; ${total} operations per row and case (HTTP: a quarter, but the full count for rate limits at 50 in flight), 5 alternating rounds (lock contended: 3 runs); a round lasts at least 300 ms, so a fast case runs more operations (each table says how many).`,
);
print(
  "Ratios are medians over rounds of the row's ops/s ÷ the peer's in the same round; spread is the slowest–fastest round; cmds/op counts what Redis ran (INFO commandstats, commands inside scripts included); bench CPU µs/op is the CPU (user and system) this process spent per operation: the client's, and an in-process gateway's where a row has one.",
);
try {
  for (const name of names) await SECTIONS[name]!(server, total);
} finally {
  await server.stop();
}
const loadAfter = loadavg().map((n) => n.toFixed(2));
print(`\nLoad average at the end: ${loadAfter.join(" / ")}.`);
if (json) process.stdout.write(`${jsonReport({ ...machine, loadAfter, total, sections: names })}\n`);

async function describeMachine(host: string, port: number) {
  const admin = new Redis({ host, port });
  const version = /redis_version:(\S+)/.exec(await admin.info("server"))?.[1] ?? "unknown";
  admin.disconnect();
  return {
    cpu: cpus()[0]?.model.trim() ?? "unknown CPU",
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    loadBefore: loadavg().map((n) => n.toFixed(2)),
    node: process.version,
    redis: version,
  };
}
