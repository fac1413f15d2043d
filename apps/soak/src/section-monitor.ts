/**
 * @module Watches the critical sections of every lock holder in this process, per lock key.
 *
 * Overlap: a holder enters while another is still inside whose signal has not aborted. A lock can expire while
 * its holder cannot reach Redis (blackhole, partition); `withLock` then aborts the holder's signal and the holder stops
 * (our sections poll the signal), so once aborted it no longer counts as holding. Two holders inside with
 * neither aborted means both believed they held the lock at once: mutual exclusion failed.
 *
 * Fencing: each holder's fencing token must be greater than that of every holder that entered the key before
 * it. Holders are granted the lock in fencing-token order, so a smaller or equal one means a holder entered with
 * a lock that had already passed to someone else (only a resource checking the token would stop it).
 */
import type { TransportName } from "./clients.js";

export interface Visit {
  key: string;
  fence: number;
  transport: TransportName;
  signal: AbortSignal;
  enteredAt: number;
}

export interface Overlap {
  key: string;
  /** The holder already inside, and how long it had been. */
  earlier: { fence: number; transport: TransportName; insideMs: number };
  later: { fence: number; transport: TransportName };
}

export class SectionMonitor {
  readonly overlaps: Overlap[] = [];
  readonly fenceRegressions: { key: string; previous: number; fence: number }[] = [];
  private readonly inside = new Map<string, Set<Visit>>();
  private readonly lastFence = new Map<string, number>();

  enter(key: string, fence: number, transport: TransportName, signal: AbortSignal): Visit {
    const now = performance.now();
    const visit: Visit = { key, fence, transport, signal, enteredAt: now };
    const visitors = this.inside.get(key) ?? new Set<Visit>();
    this.inside.set(key, visitors);
    for (const other of visitors) {
      if (!other.signal.aborted) {
        this.overlaps.push({
          key,
          earlier: { fence: other.fence, transport: other.transport, insideMs: now - other.enteredAt },
          later: { fence, transport },
        });
      }
    }
    const previous = this.lastFence.get(key);
    if (previous !== undefined && fence <= previous) this.fenceRegressions.push({ key, previous, fence });
    this.lastFence.set(key, Math.max(fence, previous ?? fence));
    visitors.add(visit);
    return visit;
  }

  leave(visit: Visit): void {
    this.inside.get(visit.key)?.delete(visit);
  }
}
