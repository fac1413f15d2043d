/** Which runtime and transport serve the app, and where the same app runs on the other runtime. */

/** The runtime serving the app, as every page names it. */
export interface RuntimeInfo {
  /** "node" for the Node server (Bun and Deno run the same entry), "edge" for the Worker. */
  kind: "node" | "edge";
  /** e.g. "Node 20.19.4" or "Cloudflare workerd (miniflare)". */
  name: string;
  /** e.g. "TCP (@beeredis/ioredis)". */
  transport: string;
}

/** The same app on another runtime: every page links to its twin there. */
export interface Peer {
  /** e.g. "Cloudflare workerd (miniflare)". */
  name: string;
  /** Its base URL, e.g. http://127.0.0.1:3001/ */
  url: string;
}

/** The transport label of the Node server. */
export const TCP_TRANSPORT = "TCP (@beeredis/ioredis)";

/** The transport label of the Worker: through our gateway, or straight to Upstash. */
export function httpTransport(url: string): string {
  const upstash = /\.upstash\.io$/i.test(new URL(url).hostname);
  return `HTTP (@beeredis/upstash) ${upstash ? "to Upstash" : "through @beeredis/gateway"}`;
}

/** `path` (starting with "/") on `peer`. */
export function peerHref(peer: Peer, path: string): string {
  return new URL(path, peer.url).href;
}
