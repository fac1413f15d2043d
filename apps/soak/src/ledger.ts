/**
 * @module The INCR ledger: clients INCR one counter and count, on their side, every INCR that was acknowledged
 * and every one that failed. A failed INCR (timeout, reset) may or may not have run, so once the load stops the
 * server's value must lie in [acknowledged, acknowledged + failed]: below means an acknowledged write was lost,
 * above means a write was applied twice (re-sent behind the caller's back). An INCR refused with a
 * `TransportError` whose `sent` is false (the pool knew Redis was out of reach) must not have run at all, so it
 * is not counted among the failed: one that ran anyway would show as a write applied twice.
 */
import type { TransportError } from "@beeredis/core";
import { type Client, perTransport, sum } from "./clients.js";
import type { ErrorTally } from "./error-tally.js";
import { runLoops } from "./loops.js";

export const LEDGER_KEY = "soak:ledger";

export interface LedgerVerdict {
  acknowledged: number;
  /** Failed INCRs: each may or may not have been applied. */
  ambiguous: number;
  /** INCRs refused without being sent: none may have been applied. */
  unsent: number;
  server: number;
  /** Acknowledged INCRs missing from the server's value. */
  lost: number;
  /** Applications beyond what was acknowledged or ambiguous: a write applied twice. */
  extra: number;
}

export class Ledger {
  readonly acknowledged = perTransport();
  readonly failed = perTransport();
  readonly unsent = perTransport();

  constructor(private readonly errors: ErrorTally) {}

  /** Runs `loopsPerClient` INCR loops on every client until `stop` aborts. */
  async run(clients: readonly Client[], loopsPerClient: number, stop: AbortSignal): Promise<void> {
    await Promise.all(
      clients.map(({ transport, pool }) =>
        runLoops(loopsPerClient, stop, async () => {
          try {
            await pool.incr(LEDGER_KEY);
            this.acknowledged[transport]++;
            return true;
          } catch (error) {
            if ((error as TransportError).sent === false) this.unsent[transport]++;
            else this.failed[transport]++;
            this.errors.record(error);
            return false;
          }
        }),
      ),
    );
  }

  /** Compares the counts with the server's final value (read once no INCR is in flight). */
  verdict(server: number): LedgerVerdict {
    const acknowledged = sum(this.acknowledged);
    const ambiguous = sum(this.failed);
    return {
      acknowledged,
      ambiguous,
      unsent: sum(this.unsent),
      server,
      lost: Math.max(0, acknowledged - server),
      extra: Math.max(0, server - acknowledged - ambiguous),
    };
  }
}
