/**
 * @module Proving a sliding-log violation: more than `limit` allowed calls of cost 1 inside one window.
 *
 * Two sound checks (neither can raise a false alarm), over two kinds of evidence:
 * - {@link provenByServerTimes}: exact times on the server's clock, either the `serverTime` a decision reports or
 *   the scores of the log entries the server itself keeps. The script allows a call at `t` only when fewer than
 *   `limit` entries lie in `(t − window, t]`, so `limit + 1` allowed times within less than `window` of each other
 *   are a violation.
 * - {@link provenByClientIntervals}: when only the caller's view exists. A call started at `s` and resolved at
 *   `r` (caller's monotonic clock) was decided at some server time inside `[s, r]`; client clocks are not
 *   authoritative, but the length of an interval measured on them is. So `limit + 1` allowed calls prove a
 *   violation only when even the latest resolution minus the earliest start is shorter than the window.
 *   It cannot see every violation (it never guesses), but every one it reports is real.
 */

/** Counts the places where `limit + 1` consecutive times span less than `windowUs`. `timesUs`: integer µs. */
export function provenByServerTimes(timesUs: readonly number[], limit: number, windowUs: number): number {
  const sorted = [...timesUs].sort((a, b) => a - b);
  let violations = 0;
  for (let i = 0; i + limit < sorted.length; i++) {
    if (sorted[i + limit]! - sorted[i]! < windowUs) violations++;
  }
  return violations;
}

/** An allowed call seen from the caller: started at `start`, resolved at `end` (ms, one monotonic clock). */
export interface CallInterval {
  start: number;
  end: number;
}

/**
 * Counts the calls that begin a proven violation: call `i` plus at least `limit` calls started no earlier and
 * resolved before `i.start + windowMs` (all of them decided within less than one window).
 * Exact for "provable": if some `limit + 1` calls have `max(end) − min(start) < window`, the one with the earliest
 * start is counted. `slackMs` absorbs any difference in rate between the two machines' clocks.
 */
export function provenByClientIntervals(
  calls: readonly CallInterval[],
  limit: number,
  windowMs: number,
  slackMs: number,
): number {
  const sorted = [...calls].sort((a, b) => a.start - b.start);
  let violations = 0;
  for (let i = 0; i < sorted.length; i++) {
    const horizon = sorted[i]!.start + windowMs - slackMs;
    let inside = 0;
    for (let j = i; j < sorted.length && sorted[j]!.start < horizon; j++) {
      if (sorted[j]!.end < horizon) inside++;
    }
    if (inside > limit) violations++;
  }
  return violations;
}
