/**
 * server.ts in a real Bun process, over TCP to a real redis-server. The beeredis packages resolve to their built
 * `dist`, as from npm: run `pnpm build` first.
 */
import { fileURLToPath } from "node:url";
import { type RedisServer, type ServerProcess, startRedis, startServerProcess } from "@beeredis/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

let redis: RedisServer;
let server: ServerProcess;

beforeAll(async () => {
  redis = await startRedis();
  server = await startServerProcess(here("../node_modules/.bin/bun"), ["run", "server.ts"], {
    cwd: here(".."),
    env: { REDIS_URL: redis.url, PORT: "0", NO_COLOR: "1" },
  });
});
afterAll(async () => {
  await server?.stop();
  await redis?.stop();
});

it("rebuilds the report once while five requests arrive together", async () => {
  const responses = await Promise.all(
    Array.from({ length: 5 }, () => fetch(`${server.url}/api/report`, { method: "POST" })),
  );
  expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
  const bodies = (await Promise.all(responses.map((r) => r.json()))) as {
    report: string;
    rebuilt: boolean;
  }[];
  expect(bodies.filter((b) => b.rebuilt)).toHaveLength(1);
  expect(new Set(bodies.map((b) => b.report)).size).toBe(1);
});

it("allows a burst of 10 per client under GCRA, then 429 with Retry-After", async () => {
  const statuses: number[] = [];
  let last: Response | undefined;
  for (let i = 0; i < 6; i++) {
    last = await fetch(`${server.url}/api/hello`);
    statuses.push(last.status);
    await last.body?.cancel();
  }
  // The five report requests above counted against the same client.
  expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  expect(last!.headers.get("ratelimit-policy")).toBe('"default";q=10;w=60');
  expect(Number(last!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
});
