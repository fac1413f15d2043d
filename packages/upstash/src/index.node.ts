/**
 * The main entry as Node resolves it (the `node` condition of the package's `exports`): the same API, but
 * `http()` sends through `nodeFetch()` unless given a `fetch`, as Node's own HTTP client costs the client about a
 * third of the CPU of the global `fetch` (undici) per request. Bun, Deno, Workers and Edge keep the global `fetch`.
 * @module @beeredis/upstash
 */
import { httpOver } from "./http.js";
import type { Http } from "./index.js";
import { nodeFetch } from "./node.js";

export * from "./index.js";

/**
 * The HTTP transport: `new Registry({ transport: http({ token }) })` with `https://` pool addresses; on Node,
 * requests go through `nodeFetch()` (keep-alive agents shared by every pool of the process) unless `fetch` is
 * given. `http.fromEnv()` reads the endpoint from the environment.
 */
export const http: Http = httpOver(nodeFetch());
