/** @module Running checked commands on a lane: batches, the blocking slot they hold, and logging in again. */

import { type CallBytesReply, isBeeRedisError, type TransportError } from "@beeredis/core";
import type { Grant } from "./auth.js";
import type { Backend } from "./backend.js";
import { recordBytes } from "./backend.js";
import { HttpError, isGatewayAuthFailure } from "./http-error.js";
import type { Limits } from "./limits.js";
import { fitsLane, type Lane, type Verdict } from "./policy/policy.js";
import { SCRIPT_RUNNERS } from "./policy/tenant-commands.js";

/** What running on a lane needs. */
export interface LaneContext {
  readonly backend: Backend;
  readonly limits: Limits;
  readonly grant: Grant;
  /** Provisions the lanes' ACL users again and reconnects (see server.ts). */
  readonly relogin: (generation: number) => Promise<void>;
  /** Stops the script Redis is running past its busy threshold (see {@link stopRunawayScript}). */
  readonly stopScripts: () => void;
}

/** @throws HttpError 400 for COPY in a batch on the scripts lane, whose ACL user may not COPY. */
export function fitLane(verdict: Verdict, lane: Lane): void {
  if (!fitsLane(verdict, lane)) {
    throw new HttpError(
      400,
      "ERR COPY cannot run in a request that also runs a script (scripts run as a Redis user that may not COPY); send it in a request of its own.",
    );
  }
}

/**
 * Records `verdicts` on `lane` and runs them as one batch, holding a blocking slot while they may block. A
 * command core refuses while recording (a wrong number of arguments) goes to `refuse` with its index and is left
 * out: its reply slot stays empty.
 */
export async function execBatch(
  ctx: LaneContext,
  lane: Lane,
  atomic: boolean,
  verdicts: readonly Verdict[],
  refuse: (index: number, error: unknown) => void,
): Promise<unknown[]> {
  // Inside MULTI, blocking commands do not block: only a pipeline takes a blocking slot.
  const blocks = !atomic && verdicts.some((verdict) => verdict.blockMs !== undefined);
  const release = blocks ? ctx.limits.blockingSlot(ctx.grant) : undefined;
  try {
    return await withLogin(ctx, async () => {
      const batch = ctx.backend.batch(lane, ctx.grant.db, atomic);
      const recorded: number[] = [];
      verdicts.forEach((verdict, i) => {
        try {
          recordBytes(batch, verdict.argv);
          recorded.push(i);
        } catch (error) {
          refuse(i, error);
        }
      });
      const out: unknown[] = new Array(verdicts.length);
      if (recorded.length === 0) return out;
      const replies = await batch.exec();
      recorded.forEach((index, j) => {
        out[index] = replies[j];
      });
      return out;
    });
  } catch (error) {
    stopRunawayScript(ctx, verdicts, error);
    throw error;
  } finally {
    release?.();
  }
}

/** Runs one checked command on its lane (see {@link withLogin}); bulk strings come back as bytes. */
export async function runOne(ctx: LaneContext, verdict: Verdict): Promise<CallBytesReply> {
  try {
    return await withLogin(ctx, () => ctx.backend.run(verdict.lane, ctx.grant.db, verdict.argv));
  } catch (error) {
    stopRunawayScript(ctx, [verdict], error);
    throw error;
  }
}

/**
 * Runs `work`; when Redis refused the lane's login (it restarted and forgot the gateway's ACL users), provisions
 * them again, reconnects and runs it once more. Nothing ran the first time: the transport refuses the whole call,
 * unsent, while its connection is not logged in (see `isGatewayAuthFailure`), so no batch item ever carries it.
 */
export async function withLogin<T>(ctx: LaneContext, work: () => Promise<T>): Promise<T> {
  const generation = ctx.backend.generation;
  try {
    return await work();
  } catch (error) {
    if (!isGatewayAuthFailure(error)) throw error;
    await ctx.relogin(generation);
    return work();
  }
}

/**
 * After `error` failed a request of `verdicts`: when a token's script or function timed out, it may still be
 * running, and Redis serves no other client, of any database, until it ends (BUSY). The gateway stops it (SCRIPT
 * KILL, FUNCTION KILL), which Redis carries out once the script has run past its `busy-reply-threshold`. One that
 * already wrote cannot be stopped (UNKILLABLE): the README's threat model says what that leaves to the operator.
 * An admin's scripts are its own to run for as long as it likes.
 */
function stopRunawayScript(ctx: LaneContext, verdicts: readonly Verdict[], error: unknown): void {
  if (ctx.grant.role === "admin" || !isBeeRedisError(error) || error.code !== "TRANSPORT") return;
  if (!(error as TransportError).timedOut) return;
  if (verdicts.some((verdict) => SCRIPT_RUNNERS.has(verdict.argv[0] as string))) ctx.stopScripts();
}
