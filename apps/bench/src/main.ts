/**
 * Benchmarks beeredis side by side with the libraries users would pick instead, in one run on one Redis.
 * Usage: pnpm bench [section...] [--total N]. Sections: commands, rate-limit (rate-limit-multi alone: its
 * multi-limit server-time table), lock, http.
 */
import { startRedis } from "@beeredis/testkit";
import { commandsSection } from "./sections/commands.js";
import { httpSection } from "./sections/http.js";
import { lockSection } from "./sections/lock.js";
import { rateLimitSection } from "./sections/rate-limit.js";
import { multiLimitServerTime } from "./sections/rate-limit-multi.js";

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
};

const args = process.argv.slice(2);
const totalIndex = args.indexOf("--total");
const total = totalIndex >= 0 ? Number(args[totalIndex + 1]) : 20_000;
const chosen = args.filter((a, i) => !a.startsWith("--") && !(totalIndex >= 0 && i === totalIndex + 1));
const names = chosen.length > 0 ? chosen : Object.keys(SECTIONS);

const server = await startRedis();
console.log(`# beeredis benchmarks (redis-server on port ${server.port}, node ${process.version})`);
try {
  for (const name of names) {
    const section = SECTIONS[name];
    if (!section)
      throw new Error(`Unknown section "${name}". Sections: ${Object.keys(SECTIONS).join(", ")}.`);
    await section(server, total);
  }
} finally {
  await server.stop();
}
