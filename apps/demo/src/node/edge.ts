/**
 * The edge half of `pnpm demo`: the Worker bundle (dist/worker.js, built by `pnpm build`) in workerd, the
 * Cloudflare Workers runtime, through miniflare. It serves HTTP on its own port, like `wrangler dev`.
 */
import { Miniflare } from "miniflare";

/** How the pages name this runtime. */
export const EDGE_RUNTIME_NAME = "Cloudflare workerd (miniflare)";

/** The running edge: its URL, and how to stop workerd. */
export interface EdgeServer {
  /** e.g. http://127.0.0.1:3001/ */
  url: string;
  close(): Promise<void>;
}

/** What {@link startEdge} runs, and where. */
export interface StartEdgeOptions {
  /** The bundled Worker (ESM). */
  script: string;
  host: string;
  /** 0 picks a free one. */
  port: number;
  /** The Worker's bindings: GATEWAY_URL, GATEWAY_TOKEN... (see worker.ts). */
  bindings: Record<string, string>;
}

/** Starts workerd with the Worker and resolves once it answers on its port. */
export async function startEdge(options: StartEdgeOptions): Promise<EdgeServer> {
  const mf = new Miniflare({
    modules: true,
    script: options.script,
    compatibilityDate: "2025-05-01",
    bindings: options.bindings,
    host: options.host,
    port: options.port,
    cf: false, // no download of Cloudflare's request metadata: the demo does not read request.cf
  });
  try {
    const url = await mf.ready;
    return { url: url.href, close: () => mf.dispose() };
  } catch (error) {
    await mf.dispose().catch(() => {});
    throw error;
  }
}
