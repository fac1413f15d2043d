/** @module Running checked commands on a lane: batches, the blocking slot they hold, and logging in again. */

import type { Grant } from "./auth.js";
import type { Backend } from "./backend.js";
import { recordBytes } from "./backend.js";
import { HttpError, isGatewayAuthFailure } from "./http-error.js";
import type { Limits } from "./limits.js";
import { fitsLane, type Lane, type Verdict } from "./policy/policy.js";

/** What running on a lane needs. */
export interface LaneContext {
  readonly backend: Backend;
  readonly limits: Limits;
  readonly grant: Grant;
  /** Provisions the lanes' ACL users again and reconnects (see server.ts). */
  readonly relogin: (generation: number) => Promise<void>;
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
  } finally {
    release?.();
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
