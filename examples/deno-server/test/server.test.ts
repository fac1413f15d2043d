/**
 * main.ts in a real Deno process (`deno run --allow-net --allow-env`), against @beeredis/gateway in front of a
 * real redis-server. The beeredis packages resolve to their built `dist`, as from npm: run `pnpm build` first.
 */
import { fileURLToPath } from "node:url";
import { createGateway, type Gateway } from "@beeredis/gateway";
import { type RedisServer, type ServerProcess, startRedis, startServerProcess } from "@beeredis/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

let redis: RedisServer;
let gateway: Gateway;
let server: ServerProcess;

beforeAll(async () => {
  redis = await startRedis();
  const token = `deno-${crypto.randomUUID()}`;
  gateway = await createGateway({ redis: redis.url, tokens: [{ token }], port: 0 });
  server = await startServerProcess(
    here("../node_modules/.bin/deno"),
    ["run", "--allow-net", "--allow-env", "main.ts"],
    {
      cwd: here(".."),
      env: {
        REDIS_URL: gateway.url,
        REDIS_TOKEN: token,
        PORT: "0",
        NO_COLOR: "1",
        DENO_NO_UPDATE_CHECK: "1",
      },
    },
  );
});
afterAll(async () => {
  await server?.stop();
  await gateway?.close();
  await redis?.stop();
});

it("serves 5 requests per 10 s to one client, then 429 with Retry-After and the RateLimit headers", async () => {
  const responses = [];
  for (let i = 0; i < 6; i++) responses.push(await fetch(server.url));
  expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429]);
  expect(await responses[0]!.text()).toMatch(/^Hello from Deno 2\./);
  expect(responses[0]!.headers.get("ratelimit-policy")).toBe('"default";q=5;w=10');
  expect(responses[4]!.headers.get("ratelimit")).toBe('"default";r=0;t=10');
  expect(Number(responses[5]!.headers.get("retry-after"))).toBeGreaterThanOrEqual(9);
  for (const response of responses.slice(1)) await response.body?.cancel();
});
