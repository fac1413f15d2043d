/**
 * Pools, the rate limiter and locks over an @upstash/redis client you already have. A separate entry point, so
 * @upstash/redis (an optional peer dependency) stays out of every other bundle.
 * @module @beeredis/upstash/client
 */
import { ConfigError, type ParsedAddress, type TransportFactory } from "@beeredis/core";
import type { Redis } from "@upstash/redis";
import { restCapabilities } from "./capabilities.js";
import { UpstashClientPort, type UpstashRequester } from "./client-port.js";
import { HttpTransport } from "./http-transport.js";
import type { HttpEndpoint } from "./index.js";

export type { HttpEndpoint } from "./index.js";

/** Options of {@link fromUpstashClient}. */
export interface UpstashClientOptions {
  /**
   * Commands issued in the same tick share one `/pipeline` request.
   * @default true
   */
  autoPipelining?: boolean;
  /**
   * Longest server-side block (BLPOP, XREAD BLOCK...) allowed in one request, in ms.
   * @default 5000
   */
  maxBlockingMs?: number;
}

/**
 * A transport that sends every command through `redis`, an @upstash/redis client: its URL, token, `fetch`
 * options, retries and read-your-writes token. Values travel as text (the client decodes replies to strings);
 * pub/sub and byte-exact values need `http()`.
 * @throws ConfigError when `redis` is not an @upstash/redis client with a URL
 * @example
 * const { transport, url } = fromUpstashClient(Redis.fromEnv());
 * const registry = new Registry({ transport }).registerRedis(url, 0);
 */
export function fromUpstashClient(redis: Redis, options: UpstashClientOptions = {}): HttpEndpoint {
  // `client` is protected in @upstash/redis' types: the requester every command of the client goes through.
  const requester = (redis as unknown as { client?: UpstashRequester } | null)?.client;
  if (
    typeof requester?.request !== "function" ||
    typeof requester.baseUrl !== "string" ||
    !requester.baseUrl
  ) {
    throw new ConfigError(
      "fromUpstashClient() needs a Redis client of @upstash/redis (1.x) set up with a URL.",
    );
  }
  // As the registry reads pool addresses: the origin (no credentials) and the path, without a trailing slash.
  const base = new URL(requester.baseUrl);
  const url = base.origin + base.pathname.replace(/\/+$/, "");
  const capabilities = restCapabilities(
    "@upstash/redis client (@beeredis/upstash/client)",
    options.maxBlockingMs ?? 5000,
    false,
  );
  const port = new UpstashClientPort(requester);
  const transport: TransportFactory = {
    capabilities,
    accepts: ["http"],
    check(endpoint) {
      const address = endpoint.address as Extract<ParsedAddress, { kind: "http" }>;
      if (address.url !== url) {
        return "this pool sends its commands through an @upstash/redis client set up for another URL: register it with the url fromUpstashClient() returns";
      }
      return endpoint.token
        ? "the pool option token is not used: the @upstash/redis client sends its own"
        : undefined;
    },
    create: () => new HttpTransport(port, options.autoPipelining ?? true),
  };
  return { transport, url };
}
