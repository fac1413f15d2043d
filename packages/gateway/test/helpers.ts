/** Shared test helpers: a gateway in front of a real redis-server, and raw HTTP calls to it. */
import { type RedisServer, startRedis } from "@beeredis/testkit";
import { createGateway, type Gateway, type GatewayOptions } from "../src/index.js";

export interface Setup {
  redis: RedisServer;
  gateway: Gateway;
  stop(): Promise<void>;
}

/** Starts redis-server and a gateway on a free port with the given tokens and options. */
export async function setup(options: Partial<GatewayOptions> = {}): Promise<Setup> {
  const redis = await startRedis();
  const gateway = await createGateway({
    redis: redis.url,
    tokens: [{ token: "rw-token" }, { token: "admin-token", role: "admin" }],
    port: 0,
    ...options,
  });
  return {
    redis,
    gateway,
    async stop() {
      await gateway.close();
      await redis.stop();
    },
  };
}

export interface Answer {
  status: number;
  text: string;
  json: any;
  headers: Headers;
}

/** Sends a raw request; `body` is sent as is when a string, else as JSON. */
export async function call(
  gateway: Gateway,
  path: string,
  init: { method?: string; token?: string | null; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...init.headers };
  const token = init.token === undefined ? "rw-token" : init.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const body =
    init.body === undefined || typeof init.body === "string"
      ? init.body
      : init.body instanceof Uint8Array
        ? Buffer.from(init.body)
        : JSON.stringify(init.body);
  const response = await fetch(`${gateway.url}${path}`, {
    method: init.method ?? (body === undefined ? "GET" : "POST"),
    headers,
    body,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json, headers: response.headers };
}

/** Asserts an error body is JSON `{ error }` and gives away no stack frame nor internal address. */
export function assertSafeError(answer: Answer, redis: { port: number }): void {
  if (typeof answer.json?.error !== "string") throw new Error(`not a JSON error: ${answer.text}`);
  const leaks = [
    /\n\s+at /,
    /\bat [\w.<>]+ \(/,
    /127\.0\.0\.1/,
    new RegExp(`\\b${redis.port}\\b`),
    /node:internal|\.ts:\d+/,
  ];
  for (const leak of leaks) {
    if (leak.test(answer.text)) throw new Error(`error body leaks ${leak}: ${answer.text}`);
  }
}

/**
 * A command that keeps Redis busy for `ms` (a Lua loop on the server's clock), for tests that need a slow
 * command: DEBUG SLEEP is refused to every token.
 */
export function busyScript(ms: number): (string | number)[] {
  const lua =
    "local function now() local t = redis.call('TIME') return t[1] * 1000 + t[2] / 1000 end " +
    "local start = now() repeat until now() - start >= tonumber(ARGV[1]) return 'OK'";
  return ["EVAL", lua, 0, ms];
}
