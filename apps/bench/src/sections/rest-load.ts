/** The GET/SET load the HTTP tables send, and the warm-up that brings a REST server process to its steady state. */
import { Redis as UpstashRedis } from "@upstash/redis";
import { pipelinePoster } from "./pipeline-poster.js";

type GetSet = {
  get(key: string): Promise<unknown>;
  set(key: string, value: string): Promise<unknown>;
};

/** Odd operations GET a 16-byte value, even ones SET one of 1000 keys. */
export const getSet =
  (client: GetSet) =>
  (i: number): Promise<unknown> =>
    i % 2 ? client.get("bench:value") : client.set(`bench:${i % 1000}`, "v".repeat(16));

/**
 * Requests after which V8 has compiled a REST server's request path. With `--trace-opt`, under @upstash/redis at
 * one call in flight, the gateway's process optimized 182 functions in its requests 1,000–3,000, then 30, 12, 4,
 * 0 and 2 in the next blocks of 2,000; the bare server 160, 22, 8, 4, 0 and 4. The gateway has more code to
 * compile, so a table measured earlier counts its compiler threads in its CPU time and on the cores the client
 * shares.
 */
export const STEADY_STATE_REQUESTS = 10_000;

/**
 * Sends `requests` GET/SET requests to the server at `url`, half from two @upstash/redis clients and half from
 * two keep-alive posters (pipeline-poster.ts), each with one call in flight, so every request is a `/pipeline` of
 * one command: the path the one-in-flight tables measure. Both clients at once, because each sends its own
 * headers: a server warmed by one client only recompiles when the other arrives (under callgrind, over 3,000
 * requests of the second client after 1,000 of it and 10,000 of the first, the gateway's background threads still
 * ran 47,000 instructions per request, against 128,000 on its main thread).
 */
export async function warmServer(url: string, token: string, requests: number): Promise<void> {
  const posters = [pipelinePoster(url, token), pipelinePoster(url, token)];
  const ops = [
    getSet(new UpstashRedis({ url, token, enableTelemetry: false })),
    getSet(new UpstashRedis({ url, token, enableTelemetry: false })),
    ...posters.map((poster) => poster.post),
  ];
  await Promise.all(
    ops.map(async (op, c) => {
      for (let i = c; i < requests; i += ops.length) await op(i);
    }),
  );
  for (const poster of posters) poster.close();
}
