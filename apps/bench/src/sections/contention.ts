/**
 * A contended run shared by the lock and semaphore cases: `workers` workers each take the resource `sections`
 * times, hold it for `csMs` and release it. Measured: utilisation (critical-section time over wall time times
 * the permits), hand-offs (from a release to the next acquire that it let in, by another worker), the longest
 * wait, and how often more than `permits` holders were inside at once (must be 0).
 */

/** Takes the lock (or a permit) and resolves to its release function. */
export type Acquire = (key: string) => Promise<() => Promise<unknown>>;

/** Shape of a contended run. */
export interface ContentionOptions {
  workers: number;
  sections: number;
  csMs: number;
  /** Holders allowed at once (1 for a mutex). @default 1 */
  permits?: number;
}

export interface ContendedRun {
  sections: number;
  /** Redis commands per critical section (INFO commandstats delta), filled in by the caller. */
  commands: number;
  /** Commands the client sent per critical section, filled in by the caller. */
  sent: number;
  wall: number;
  utilisation: number;
  /** Share of consecutive grants that went to the same worker (a releaser re-acquiring). */
  sameWorker: number;
  /** Mean ms from a release to the acquire it let in, when that went to another worker. */
  handoff: number;
  longestWait: number;
  /** Sections that found more than `permits` holders inside. */
  exceeded: number;
}

export async function contend(
  acquire: Acquire,
  key: string,
  { workers, sections, csMs, permits = 1 }: ContentionOptions,
): Promise<ContendedRun> {
  const held: { worker: number; acquired: number; releasing: number }[] = [];
  let longestWait = 0;
  let busy = 0;
  let inside = 0;
  let exceeded = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let i = 0; i < sections; i++) {
        const asked = performance.now();
        const release = await acquire(key);
        const acquired = performance.now();
        if (++inside > permits) exceeded++;
        longestWait = Math.max(longestWait, acquired - asked);
        await new Promise((resolve) => setTimeout(resolve, csMs));
        const releasing = performance.now();
        inside--;
        busy += releasing - acquired;
        held.push({ worker, acquired, releasing });
        await release();
      }
    }),
  );
  const wall = performance.now() - started;
  held.sort((a, b) => a.acquired - b.acquired);
  let same = 0;
  const handoffs: number[] = [];
  const releases = held.map((h) => ({ at: h.releasing, worker: h.worker })).sort((a, b) => a.at - b.at);
  let next = 0;
  for (let i = 1; i < held.length; i++) {
    if (held[i]!.worker === held[i - 1]!.worker) same++;
    if (i < permits) continue; // the first `permits` grants needed no release
    // The release that let this grant in: the latest one before it.
    while (next + 1 < releases.length && releases[next + 1]!.at <= held[i]!.acquired) next++;
    const freed = releases[next]!;
    if (freed.at <= held[i]!.acquired && freed.worker !== held[i]!.worker)
      handoffs.push(held[i]!.acquired - freed.at);
  }
  const mean = handoffs.reduce((sum, ms) => sum + ms, 0) / Math.max(1, handoffs.length);
  return {
    sections: held.length,
    commands: 0,
    sent: 0,
    wall,
    utilisation: busy / (wall * permits),
    sameWorker: same / Math.max(1, held.length - 1),
    handoff: mean,
    longestWait,
    exceeded,
  };
}
