/**
 * `http()`, the HTTP transport factory, made over the `fetch` a runtime sends with when none is given: the main
 * entry gives the global `fetch`, the Node entry (index.node.ts) `nodeFetch()`. Its types live in index.ts, so that
 * the declarations of every entry import the main entry's rather than a chunk, which Deno's checker cannot resolve.
 */
import { ConfigError, type ParsedAddress, type TransportFactory } from "@beeredis/core";
import { restCapabilities } from "./capabilities.js";
import { type EnvVariables, readRestEnv } from "./env.js";
import { HttpTransport } from "./http-transport.js";
import type { Http, HttpEndpoint, HttpOptions } from "./index.js";
import { SseStreams } from "./pubsub/sse-streams.js";
import { type Fetch, RestRequester } from "./requester.js";

/** `http()` for a runtime whose requests go through `defaultFetch` unless the options name a `fetch`. */
export function httpOver(defaultFetch: Fetch): Http {
  const http = (options: HttpOptions = {}): TransportFactory => {
    const resubscribeTimeoutMs = options.resubscribeTimeoutMs ?? 30_000;
    if (typeof resubscribeTimeoutMs !== "number" || !(resubscribeTimeoutMs > 0)) {
      throw new ConfigError(
        `http(): resubscribeTimeoutMs must be a positive number of ms, got ${resubscribeTimeoutMs}.`,
      );
    }
    const capabilities = restCapabilities("http (@beeredis/upstash)", options.maxBlockingMs ?? 5000, true);
    const fetch = options.fetch ?? defaultFetch;
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
        const requester = new RestRequester(url, token, retries, fetch, endpoint.code);
        const streams = new SseStreams(url, token, {
          pool: endpoint.code,
          retries,
          resubscribeTimeoutMs,
          fetch,
        });
        return new HttpTransport(requester, options.autoPipelining ?? true, streams);
      },
    };
  };
  const fromEnv = (env?: EnvVariables, options: Omit<HttpOptions, "token"> = {}): HttpEndpoint => {
    const { url, token } = readRestEnv(env);
    return { transport: http({ ...options, token }), url };
  };
  return Object.assign(http, { fromEnv });
}
