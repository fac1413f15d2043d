/**
 * The HTTP transport for beeredis (Upstash REST protocol), for any fetch runtime. On Node, the package's `exports`
 * give index.node.ts instead: the same API, with `nodeFetch()` as the default `fetch`.
 * @module @beeredis/upstash
 */
import type { TransportFactory } from "@beeredis/core";
import type { EnvVariables } from "./env.js";
import { httpOver } from "./http.js";
import { type Fetch, globalFetch } from "./requester.js";

export type { EnvVariables } from "./env.js";
export type { Fetch, FetchResponse } from "./requester.js";

/** Options of {@link http}. */
export interface HttpOptions {
  /** The default Bearer token; a pool's `token` option overrides it. */
  token?: string;
  /**
   * How many times a request is retried, with backoff, when it surely never reached the server (connection
   * refused, DNS failure). Other failures are never retried: a write may have run.
   * @default 2
   */
  retries?: number;
  /**
   * Commands issued in the same tick share one `/pipeline` request.
   * @default true
   */
  autoPipelining?: boolean;
  /**
   * Longest server-side block (BLPOP, XREAD BLOCK...) allowed in one request, in ms; longer ones throw
   * `UnsupportedError`. Keep it under your platform's request limit.
   * @default 5000
   */
  maxBlockingMs?: number;
  /**
   * How long a subscription whose stream dropped keeps subscribing again (with backoff) before its loop throws
   * `TransportError`, in ms. A refusal (a revoked token) ends it at once. `Infinity` keeps trying.
   * @default 30000
   */
  resubscribeTimeoutMs?: number;
  /**
   * The `fetch` that sends every request: one with tracing, a custom dispatcher or a platform binding.
   * Called as `fetch(url, init)`, without a `this`. Pass `(url, init) => fetch(url, init)` for the global `fetch`
   * on Node too (a test that replaces it, undici's dispatcher).
   * @default on Node, `nodeFetch()` (node:http keep-alive agents, one pair per process), which costs the client
   * about a third of the global `fetch`'s CPU; on Bun, Deno, Workers, Edge and in browsers, the global `fetch`,
   * looked up per request. The package's `exports` choose by runtime.
   */
  fetch?: Fetch;
}

/** A transport and the URL to register pools with: `new Registry({ transport }).registerRedis(url, 0)`. */
export interface HttpEndpoint {
  readonly transport: TransportFactory;
  /** The REST URL, as `registerRedis` takes it. */
  readonly url: string;
}

/**
 * The HTTP transport: `new Registry({ transport: http({ token }) })` with `https://` pool addresses.
 * Runs unchanged on Node, Bun, Deno, Cloudflare Workers and Vercel Edge. On our gateway, the token chooses the
 * database; on Upstash it is always database 0. Pub/sub runs over Server-Sent Events.
 */
export interface Http {
  (options?: HttpOptions): TransportFactory;
  /**
   * The HTTP transport for the endpoint the environment names: `UPSTASH_REDIS_REST_URL` and
   * `UPSTASH_REDIS_REST_TOKEN`, or else Vercel KV's `KV_REST_API_URL` and `KV_REST_API_TOKEN`. Read from `env`
   * when given (a Cloudflare Worker's `env` binding), otherwise from `Deno.env` or `process.env`.
   * @throws ConfigError naming the variables when neither pair is set (or one is set by half)
   * @example
   * const { transport, url } = http.fromEnv();
   * const registry = new Registry({ transport }).registerRedis(url, 0);
   */
  fromEnv(env?: EnvVariables, options?: Omit<HttpOptions, "token">): HttpEndpoint;
}

/**
 * The HTTP transport: `new Registry({ transport: http({ token }) })` with `https://` pool addresses; requests go
 * through the global `fetch` unless `fetch` is given. `http.fromEnv()` reads the endpoint from the environment.
 */
export const http: Http = httpOver(globalFetch);
