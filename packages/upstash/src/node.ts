/**
 * `nodeFetch()`, the `fetch` of `http({ fetch })` on node:http and node:https keep-alive agents, and the default
 * one of `http()` on Node. Node only: the main entry stays free of `node:*` imports, so edge runtimes keep the
 * global `fetch`.
 * @module @beeredis/upstash/node
 */
// The modules themselves, not their `request`: what patches node:http (nock, msw, OpenTelemetry) replaces the
// module's property, which an ESM named import would not see.
import nodeHttp, { Agent as HttpAgent } from "node:http";
import nodeHttps, { Agent as HttpsAgent } from "node:https";
import type { HttpOptions } from "./index.js";
import { send } from "./node/send.js";

/**
 * The `fetch` that `http()` takes (`Fetch`), named through `HttpOptions` so that this entry's declarations import
 * the main entry's rather than a chunk of their own, which Deno's type checker cannot resolve.
 */
type Fetch = NonNullable<HttpOptions["fetch"]>;

/**
 * Idle sockets close after 4 s, or 1 s before the keep-alive timeout the server announces when that is sooner:
 * a request on a socket the server is closing would fail, and a POST is not sent again. Node's agent honours the
 * server's announcement only when it has a `timeout` of its own. undici, behind the global `fetch`, does the same.
 */
const AGENT_OPTIONS = { keepAlive: true, timeout: 4000 };

/** Options of {@link nodeFetch}. */
export interface NodeFetchOptions {
  /**
   * The agent of `http:` URLs. Give it `keepAlive: true`, and a `timeout` for the server's keep-alive
   * announcement to be honoured.
   * @default a keep-alive `http.Agent` of this `nodeFetch()`, idle sockets closing after 4 s
   */
  httpAgent?: HttpAgent;
  /**
   * The agent of `https:` URLs, as `httpAgent`.
   * @default a keep-alive `https.Agent` of this `nodeFetch()`, idle sockets closing after 4 s
   */
  httpsAgent?: HttpsAgent;
}

/**
 * A `fetch` for `http({ fetch: nodeFetch() })` on Node's own HTTP client, which costs the client about a third of
 * the CPU of the global `fetch` (undici) per request. It sends string bodies; its responses have what the
 * transport reads (`ok`, `status`, `url`, `headers.get()`, `text()`, and `body` as a web stream for
 * subscriptions), not a whole `Response`. Idle keep-alive sockets do not keep the process alive.
 * @example
 * const registry = new Registry({ transport: http({ token, fetch: nodeFetch() }) }).registerRedis(url, 0);
 */
export function nodeFetch(options: NodeFetchOptions = {}): Fetch {
  const httpAgent = options.httpAgent ?? new HttpAgent(AGENT_OPTIONS);
  const httpsAgent = options.httpsAgent ?? new HttpsAgent(AGENT_OPTIONS);
  return (url, init) => {
    const target = new URL(url);
    if (target.protocol === "https:") return send(nodeHttps, httpsAgent, target, init);
    if (target.protocol === "http:") return send(nodeHttp, httpAgent, target, init);
    return Promise.reject(new TypeError(`nodeFetch() speaks http: and https: only, not ${target.protocol}`));
  };
}
