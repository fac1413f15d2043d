/** The Node server: @hono/node-server on a port with fallbacks, and the probe that finds the edge a free port. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import type { Hono } from "hono";

/** How many ports after the preferred one are tried before any free port. */
const FALLBACK_PORTS = 9;

/** The Node server, listening; it answers 503 until {@link NodeServer.serve} gives it the app. */
export interface NodeServer {
  /** e.g. http://127.0.0.1:3000/ */
  url: string;
  port: number;
  /** Starts answering with `app` (until then every request is answered 503). */
  serve(app: Hono): void;
  close(): Promise<void>;
}

/** Listens on `port`; when `fallback`, a busy port moves on to the next ones, then to any free port. */
export async function listenNode(host: string, port: number, fallback: boolean): Promise<NodeServer> {
  let app: Hono | undefined;
  const server = createServer(
    getRequestListener((request) => app?.fetch(request) ?? new Response("Starting...", { status: 503 })),
  );
  const bound = await listen(server, host, port, fallback);
  return {
    url: urlOf(host, bound),
    port: bound,
    serve: (next) => {
      app = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The first free port from `port` (or after it, with `fallback`), found by listening once and letting go. */
export async function freePort(host: string, port: number, fallback: boolean): Promise<number> {
  const probe = createServer();
  const found = await listen(probe, host, port, fallback);
  await new Promise((resolve) => probe.close(resolve));
  return found;
}

/** How a URL names `host`: a wildcard as loopback, an IPv6 address in brackets. */
export function urlOf(host: string, port: number): string {
  const shown = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  return `http://${shown}:${port}/`;
}

async function listen(server: Server, host: string, port: number, fallback: boolean): Promise<number> {
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be 0..65535, not "${port}".`);
  const candidates = fallback
    ? [...Array.from({ length: FALLBACK_PORTS + 1 }, (_, i) => port + i).filter((p) => p <= 65535), 0]
    : [port];
  for (const candidate of candidates) {
    const result = await new Promise<number | NodeJS.ErrnoException>((resolve) => {
      const onError = (error: NodeJS.ErrnoException) => resolve(error);
      server.once("error", onError);
      server.listen(candidate, host, () => {
        server.off("error", onError);
        resolve((server.address() as AddressInfo).port);
      });
    });
    if (typeof result === "number") return result;
    if (result.code !== "EADDRINUSE" || candidate === candidates.at(-1)) {
      throw new Error(`Cannot listen on ${host}:${candidate}: ${result.message}`);
    }
  }
  throw new Error("unreachable");
}
