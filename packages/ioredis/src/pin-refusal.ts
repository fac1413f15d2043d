import { describeFailure, type Endpoint, TransportError } from "@beeredis/core";
import { poolLabel } from "./pool-label.js";
import { toReplyError, withoutArguments } from "./replies.js";
import { isSentinelAnswer, SENTINEL_SERVER } from "./sentinel-answer.js";

/** Why a connection is not pinned to its database: plain words, what to check, and the error behind it. */
export interface PinFailure {
  readonly reason: string;
  readonly hint?: string;
  readonly cause?: unknown;
  /** Redis itself refused (AUTH, SELECT), rather than being out of reach (refused connection, timeout). */
  readonly refusedByRedis?: boolean;
}

/** The connection was closed for good (the pool closed, a dedicated connection dropped): no retry follows. */
export const CLOSED: PinFailure = { reason: "its connection is closed" };

/**
 * The error a command gets while its connection is not pinned: the pool, its address, the reason, a hint; no
 * secret. Nothing was sent. Unless Redis itself refused, the server counts as out of reach (`unreachable`).
 */
export function refusal(endpoint: Endpoint, failure: PinFailure): TransportError {
  const { reason, cause, hint } = failure;
  const outOfReach = failure !== CLOSED && !failure.refusedByRedis;
  const retrying = failure === CLOSED ? "" : "; the pool keeps retrying by itself";
  return new TransportError(
    `${poolLabel(endpoint)}: ${reason}.${hint ? ` ${hint}` : ""} Nothing was sent${retrying}.`,
    { cause, sent: false, unreachable: outOfReach, reason },
  );
}

/** `error` as a failure, in plain words: "<what> failed: <reason>" or the reason alone. */
export function failure(error: unknown, what?: string): PinFailure {
  const refusedByRedis = isReplyError(error);
  const known = refusedByRedis && isSentinelAnswer(error) ? SENTINEL_SERVER : describeFailure(error);
  // A server's refusal keeps its own words too (WRONGPASS, NOPERM): they say which rule refused.
  const detail = refusedByRedis && !error.message.startsWith(known.reason) ? ` (${error.message})` : "";
  const reason = `${what === undefined ? "" : `${what} failed: `}${known.reason}${detail}`;
  return {
    reason,
    ...(known.hint ? { hint: known.hint } : {}),
    cause: causeOf(error),
    refusedByRedis,
  };
}

/**
 * An error kept as a cause: a server's error reply (WRONGPASS, BUSY, NOPERM) as core's `ReplyError`, anything
 * else as it is; both without the arguments ioredis attaches (for AUTH, the password).
 */
function causeOf(error: unknown): unknown {
  return isReplyError(error) ? toReplyError(error) : withoutArguments(error);
}

/** An error reply from the server, as ioredis rejects it. */
export function isReplyError(error: unknown): error is Error {
  return error instanceof Error && error.name === "ReplyError";
}
