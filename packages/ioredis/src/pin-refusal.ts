import type { Endpoint, ParsedAddress } from "@beeredis/core";
import { TransportError } from "@beeredis/core";
import { toError, withoutArguments } from "./replies.js";

/** Why a connection is not pinned to its database: a sentence, and the error behind it. */
export interface PinFailure {
  readonly reason: string;
  readonly cause?: unknown;
  /** Redis itself refused (AUTH, SELECT), rather than being out of reach (refused connection, timeout). */
  readonly refusedByRedis?: boolean;
}

/** The connection was closed for good (the pool closed, a dedicated connection dropped): no retry follows. */
export const CLOSED: PinFailure = { reason: "its connection is closed" };

/** The error a command gets while its connection is not pinned: the pool, its address, the reason; no secret. */
export function refusal(endpoint: Endpoint, failure: PinFailure): TransportError {
  const { reason, cause } = failure;
  const retrying = failure === CLOSED ? "" : "; the pool keeps retrying";
  return new TransportError(
    `Redis pool "${endpoint.code}" (${describeAddress(endpoint.address)}) is not ready for commands: ${reason}. Nothing was sent${retrying}.`,
    cause === undefined ? undefined : { cause },
  );
}

/** `error` as a failure: "<what> failed: <message>" or "last connection error: <message>". */
export function failure(error: unknown, pool: string, what?: string): PinFailure {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\.$/, "");
  return {
    reason: what === undefined ? `last connection error: ${message}` : `${what} failed: ${message}`,
    cause: causeOf(error, pool),
    refusedByRedis: isReplyError(error),
  };
}

/**
 * An error kept as a cause: a server's error reply (WRONGPASS, BUSY, NOPERM) as core's `ReplyError`, anything
 * else as it is; both without the arguments ioredis attaches (for AUTH, the password).
 */
function causeOf(error: unknown, pool: string): unknown {
  if (isReplyError(error)) return toError(error, pool);
  return withoutArguments(error);
}

/** An error reply from the server, as ioredis rejects it. */
export function isReplyError(error: unknown): error is Error {
  return error instanceof Error && error.name === "ReplyError";
}

/** The address as `getAddress()` shows it, without credentials (an endpoint's address never holds any). */
function describeAddress(address: ParsedAddress): string {
  const hostPort = ({ host, port }: { host: string; port: number }) =>
    host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
  switch (address.kind) {
    case "tcp":
      return hostPort(address);
    case "unix":
      return address.path;
    case "sentinel":
      return `sentinel(${address.masterName}@${address.sentinels.map(hostPort).join(",")})`;
    case "cluster":
      return `cluster(${address.nodes.map(hostPort).join(",")})`;
    case "http":
      return address.url;
  }
}
