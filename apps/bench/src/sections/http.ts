/**
 * The HTTP transport against @upstash/redis itself, both through the same gateway, with its default client on Node
 * (`nodeFetch()`, node:http keep-alive) and with the global `fetch` passed in (the default of every other runtime),
 * and against ioredis talking to Redis directly; the
 * gateway's own cost against the smallest REST server @upstash/redis runs against (bare-rest-server.ts), each server
 * in a process of its own; and rate-limit decisions against @upstash/ratelimit, unchanged, through the same gateway.
 */
import { type RedisPool, Registry } from "@beeredis/core";
import { createGateway } from "@beeredis/gateway";
import type { RedisServer } from "@beeredis/testkit";
import { http } from "@beeredis/upstash";
import { Ratelimit } from "@upstash/ratelimit";
import { Redis as UpstashRedis } from "@upstash/redis";
import { Redis } from "ioredis";
import { compare, type Row, redisCommandCounter } from "../harness.js";
import { pipelinePoster } from "./pipeline-poster.js";
import { getSet, STEADY_STATE_REQUESTS, warmServer } from "./rest-load.js";
import { type RestServerProcess, startRestServerProcess } from "./rest-server-process.js";

const TOKEN = "bench-token";
/** @upstash/redis through the beeredis gateway: the peer of beeredis http. */
const UPSTASH = "@upstash/redis through the beeredis gateway";
const OURS = "beeredis http (auto-pipelining)";
const OURS_FETCH = "beeredis http (auto-pipelining, global fetch)";
/** The global `fetch`, looked up per request: what `http()` sends with on Bun, Deno, Workers and Edge. */
const globalFetch = (url: string, init: RequestInit) => fetch(url, init);

export async function httpSection(server: RedisServer, total: number): Promise<void> {
  const gateway = await createGateway({ redis: server.url, tokens: [{ token: TOKEN }], port: 0 });
  const registry = await new Registry({ transport: http({ token: TOKEN }) })
    .registerRedis(gateway.url, 0)
    .validate();
  const pool = registry.createEngine().getRedis();
  const fetchRegistry = await new Registry({ transport: http({ token: TOKEN, fetch: globalFetch }) })
    .registerRedis(gateway.url, 0)
    .validate();
  const fetchPool = fetchRegistry.createEngine().getRedis();
  const upstash = new UpstashRedis({ url: gateway.url, token: TOKEN, enableTelemetry: false });
  const direct = new Redis({ host: server.host, port: server.port, enableAutoPipelining: true });
  const admin = new Redis({ host: server.host, port: server.port });
  const countCommands = redisCommandCounter(admin);
  await pool.set("bench:value", "x".repeat(16));
  const httpTotal = Math.max(1000, Math.floor(total / 4)); // HTTP round trips cost far more than TCP ones

  const rows: Row[] = [
    { name: UPSTASH, peer: true, op: getSet(upstash) },
    { name: OURS, op: getSet(pool) },
    { name: OURS_FETCH, op: getSet(fetchPool) },
    { name: "ioredis direct, no gateway", peer: true, op: getSet(direct) },
  ];
  for (const inFlight of [1, 50]) {
    await compare(`HTTP GET/SET 16 B through the gateway, ${inFlight} in flight`, rows, {
      inFlight,
      total: httpTotal,
      countCommands,
      note:
        inFlight > 1
          ? "@upstash/redis auto-pipelines reads and writes separately: with GETs and SETs interleaved, each reply wakes a subset of the callers, which split again into a read and a write request, so its batches shrink to one command per request within a few round trips (50 calls: 25+25, then 13+12+13+12, ... 1). Its rows here are one request per call; it batches a run of only reads or only writes (and @upstash/ratelimit's EVALSHAs) fully."
          : undefined,
    });
  }
  const servers = {
    gateway: await startRestServerProcess("gateway", server.url, TOKEN),
    bare: await startRestServerProcess("bare", server.url, TOKEN),
  };
  await gatewayCost(servers, httpTotal, countCommands);
  await Promise.all([servers.gateway.close(), servers.bare.close()]);
  await rateLimitDecisions(pool, fetchPool, upstash, { alone: httpTotal, batched: total }, countCommands);
  direct.disconnect();
  admin.disconnect();
  await registry.close();
  await fetchRegistry.close();
  await gateway.close();
}

/**
 * The gateway against the smallest REST server @upstash/redis runs against (bare-rest-server.ts: no policy, no
 * limits), each in a process of its own as it is deployed, so neither shares an event loop with the client
 * driving it; with each server's CPU time per request. First @upstash/redis itself, then a client that costs
 * almost nothing, sending the same requests, so the servers' own cost shows.
 */
async function gatewayCost(
  servers: { gateway: RestServerProcess; bare: RestServerProcess },
  total: number,
  countCommands: () => Promise<number>,
): Promise<void> {
  const UPSTASH_GATEWAY = "@upstash/redis → beeredis gateway (own process)";
  const UPSTASH_BARE = "@upstash/redis → bare REST server (own process, no policy)";
  const client = (to: RestServerProcess) =>
    new UpstashRedis({ url: to.url, token: TOKEN, enableTelemetry: false });
  const cpu = (of: RestServerProcess) => () => of.cpuMicros();
  const upstashRows: Row[] = [
    { name: UPSTASH_GATEWAY, op: getSet(client(servers.gateway)), serverCpuMicros: cpu(servers.gateway) },
    {
      name: UPSTASH_BARE,
      peer: true,
      op: getSet(client(servers.bare)),
      serverCpuMicros: cpu(servers.bare),
    },
  ];
  // Each server's code is compiled by the time it is measured: V8's compiler threads count in its CPU time.
  for (const server of [servers.gateway, servers.bare]) {
    await warmServer(server.url, TOKEN, STEADY_STATE_REQUESTS);
  }
  const warmUp = 2000;
  const note =
    "The gateway target: @upstash/redis through the beeredis gateway (every security check on) ÷ through a bare forwarding server. Each server runs in a process of its own, as deployed; server CPU µs/op is that process's CPU time per request.";
  for (const inFlight of [1, 50]) {
    await compare(`The gateway's cost: @upstash/redis GET/SET 16 B, ${inFlight} in flight`, upstashRows, {
      inFlight,
      total,
      warmUp,
      countCommands,
      targets: [{ row: UPSTASH_GATEWAY, peer: UPSTASH_BARE, min: 1.0 }],
      note,
    });
  }
  const posters = [
    pipelinePoster(servers.gateway.url, TOKEN),
    pipelinePoster(servers.bare.url, TOKEN),
  ] as const;
  const GATEWAY_RAW = "keep-alive HTTP client → beeredis gateway (own process)";
  const BARE_RAW = "keep-alive HTTP client → bare REST server (own process)";
  for (const inFlight of [1, 50]) {
    await compare(
      `The gateway's cost: /pipeline requests (one GET or SET each), ${inFlight} in flight`,
      [
        { name: GATEWAY_RAW, op: posters[0].post, serverCpuMicros: cpu(servers.gateway) },
        { name: BARE_RAW, peer: true, op: posters[1].post, serverCpuMicros: cpu(servers.bare) },
      ],
      {
        inFlight,
        total,
        warmUp,
        countCommands,
        targets: [{ row: GATEWAY_RAW, peer: BARE_RAW, min: 1.0 }],
        note: "@upstash/redis' body with its Authorization, Content-Type and Upstash-Encoding (base64) headers, from a bare node:http keep-alive client, so the servers' cost is not hidden behind the client's.",
      },
    );
  }
  for (const poster of posters) poster.close();
}

/**
 * Rate-limit decisions over HTTP: beeredis' sliding log and gcra (with `http()`'s default client on Node on
 * `pool`, with the global `fetch` on `fetchPool`) against @upstash/ratelimit's sliding window, which sends with the
 * global `fetch`.
 */
async function rateLimitDecisions(
  pool: RedisPool,
  fetchPool: RedisPool,
  upstash: UpstashRedis,
  total: { alone: number; batched: number },
  countCommands: () => Promise<number>,
): Promise<void> {
  const theirs = new Ratelimit({
    redis: upstash,
    limiter: Ratelimit.slidingWindow(100, "60 s"),
    ephemeralCache: false,
    analytics: false,
  });
  const slidingLog = pool.rateLimiter({ limit: 100, window: "60s", prefix: "bl:" });
  const gcra = pool.rateLimiter({ algorithm: "gcra", limit: 100, window: "60s", prefix: "bg:" });
  // Keys of their own, so each row's decisions start from the same state as the default rows'.
  const slidingLogFetch = fetchPool.rateLimiter({ limit: 100, window: "60s", prefix: "blf:" });
  const gcraFetch = fetchPool.rateLimiter({ algorithm: "gcra", limit: 100, window: "60s", prefix: "bgf:" });
  const THEIRS = "@upstash/ratelimit slidingWindow";
  const SLIDING_LOG = "beeredis http rateLimiter (sliding-log)";
  const GCRA = "beeredis http rateLimiter (gcra)";
  const SLIDING_LOG_FETCH = "beeredis http rateLimiter (sliding-log, global fetch)";
  const GCRA_FETCH = "beeredis http rateLimiter (gcra, global fetch)";
  for (const keys of ["10k distinct keys", "one hot key"] as const) {
    const keyOf = keys === "one hot key" ? () => "hot" : (i: number) => `${i % 10_000}`;
    const rows: Row[] = [
      { name: THEIRS, peer: true, op: (i) => theirs.limit(`u:${keyOf(i)}`) },
      { name: SLIDING_LOG, op: (i) => slidingLog.limit(keyOf(i)) },
      { name: GCRA, op: (i) => gcra.limit(keyOf(i)) },
      { name: SLIDING_LOG_FETCH, op: (i) => slidingLogFetch.limit(keyOf(i)) },
      { name: GCRA_FETCH, op: (i) => gcraFetch.limit(keyOf(i)) },
    ];
    for (const inFlight of [1, 50]) {
      await compare(`HTTP rate limit (100/60s), ${keys}, ${inFlight} in flight`, rows, {
        inFlight,
        // At 50 in flight every row sends its 50 decisions in one request: the full count keeps a round from being
        // a few requests long, where one GC or timer decides the ratio.
        total: inFlight === 1 ? total.alone : total.batched,
        countCommands,
        targets: [
          { row: SLIDING_LOG, peer: THEIRS, min: 1.1 },
          { row: GCRA, peer: THEIRS, min: 1.1 },
        ],
        note: "The targets hold `http()` as a Node user gets it (node:http keep-alive). The global-fetch rows pass `fetch` in: undici costs both clients alike, so they show what a user who opts into it gets, with no target.",
      });
    }
  }
}
