/**
 * The HTTP transport for beeredis (Upstash REST protocol), for any fetch runtime.
 * @module @beeredis/upstash
 */
import { ConfigError, type ParsedAddress, type TransportFactory } from "@beeredis/core";
import { restCapabilities } from "./capabilities.js";
import { type EnvVariables, readRestEnv } from "./env.js";
import { HttpTransport } from "./http-transport.js";
import { SseStreams } from "./pubsub/sse-streams.js";
import { type Fetch, RestRequester } from "./requester.js";

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
   * Called as `fetch(url, init)`, without a `this`.
   * @default the runtime's global `fetch`, looked up per request
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
export function http(options: HttpOptions = {}): TransportFactory {
  const resubscribeTimeoutMs = options.resubscribeTimeoutMs ?? 30_000;
  if (typeof resubscribeTimeoutMs !== "number" || !(resubscribeTimeoutMs > 0)) {
    throw new ConfigError(
      `http(): resubscribeTimeoutMs must be a positive number of ms, got ${resubscribeTimeoutMs}.`,
    );
  }
  const capabilities = restCapabilities("http (@beeredis/upstash)", options.maxBlockingMs ?? 5000, true);
  return {
    capabilities,
    accepts: ["http"],
    check: (endpoint) =>
      (endpoint.token ?? options.token)
        ? undefined
        : "no HTTP token: pass http({ token }) or the pool option { token }",
    create(endpoint) {
      // `accepts` above lets the registry hand us http addresses only.
      const { url } = endpoint.address as Extract<ParsedAddress, { kind: "http" }>;
      const token = endpoint.token ?? options.token ?? "";
      const retries = options.retries ?? 2;
      const requester = new RestRequester(url, token, retries, options.fetch, endpoint.code);
      const streams = new SseStreams(url, token, {
        pool: endpoint.code,
        retries,
        resubscribeTimeoutMs,
        fetch: options.fetch,
      });
      return new HttpTransport(requester, options.autoPipelining ?? true, streams);
    },
  };
}

export namespace http {
  /**
   * The HTTP transport for the endpoint the environment names: `UPSTASH_REDIS_REST_URL` and
   * `UPSTASH_REDIS_REST_TOKEN`, or else Vercel KV's `KV_REST_API_URL` and `KV_REST_API_TOKEN`. Read from `env`
   * when given (a Cloudflare Worker's `env` binding), otherwise from `Deno.env` or `process.env`.
   * @throws ConfigError naming the variables when neither pair is set (or one is set by half)
   * @example
   * const { transport, url } = http.fromEnv();
   * const registry = new Registry({ transport }).registerRedis(url, 0);
   */
  export function fromEnv(env?: EnvVariables, options: Omit<HttpOptions, "token"> = {}): HttpEndpoint {
    const { url, token } = readRestEnv(env);
    return { transport: http({ ...options, token }), url };
  }
}
