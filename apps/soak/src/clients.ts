/** @module The clients of the soak: pools over TCP (through the fault proxy) and over HTTP (through the gateway). */
import type { RedisPool } from "@beeredis/core";

export type TransportName = "tcp" | "http";

/** One client process, as the load sees it: a pool and the transport it runs on. */
export interface Client {
  transport: TransportName;
  pool: RedisPool;
}

/** A count per transport. */
export type ByTransport = Record<TransportName, number>;

export const perTransport = (): ByTransport => ({ tcp: 0, http: 0 });

export const sum = (counts: ByTransport) => counts.tcp + counts.http;
