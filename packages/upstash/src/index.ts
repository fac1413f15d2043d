/** @module @beeredis/upstash: the HTTP transport for beeredis (Upstash REST protocol), for any fetch runtime. */
import type { Capabilities, ParsedAddress, TransportFactory } from "@beeredis/core";
import { HttpTransport } from "./http-transport.js";
import { type Fetch, RestRequester } from "./requester.js";

export type { Fetch } from "./requester.js";

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
   * The `fetch` that sends every request: one with tracing, a custom dispatcher or a platform binding.
   * Called as `fetch(url, init)`, without a `this`.
   * @default the runtime's global `fetch`, looked up per request
   */
  fetch?: Fetch;
}

/**
 * The HTTP transport: `new Registry({ transport: http({ token }) })` with `https://` pool addresses.
 * Runs unchanged on Node, Bun, Deno, Cloudflare Workers and Vercel Edge. On our gateway, the token chooses the
 * database; on Upstash it is always database 0.
 */
export function http(options: HttpOptions = {}): TransportFactory {
  const capabilities: Capabilities = {
    name: "http (@beeredis/upstash)",
    maxBlockingMs: options.maxBlockingMs ?? 5000,
    pubsub: false,
    watch: false,
    databases: false,
    cluster: false,
  };
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
      const requester = new RestRequester(
        url,
        endpoint.token ?? options.token ?? "",
        options.retries ?? 2,
        options.fetch,
      );
      return new HttpTransport(requester, options.autoPipelining ?? true);
    },
  };
}
