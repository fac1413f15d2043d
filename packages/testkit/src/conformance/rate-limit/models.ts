/**
 * Reference models of the algorithms: replaying the decisions in server-time order, each must come out exactly
 * as Redis decided (the scripts are serialised and read TIME, so server time orders them).
 */
import type { Decision } from "./helpers.js";

/** Why each decision differs from the model, empty when all agree. */
export type Mismatches = string[];

/** The exact sliding log: allowed iff the allowed costs in (t − window, t] plus this cost fit in limit. */
export function replaySlidingLog(
  decisions: readonly Decision[],
  limit: number,
  windowUs: number,
): Mismatches {
  const allowed: Decision[] = [];
  return replay(decisions, (d) => {
    let used = 0;
    for (const a of allowed) if (a.t > d.t - windowUs) used += a.cost;
    const ok = used + d.cost <= limit;
    if (ok) allowed.push(d);
    return { allowed: ok, remaining: Math.max(0, limit - used - (ok ? d.cost : 0)) };
  });
}

/** GCRA with emission interval ⌈window / limit⌉ µs and a burst of limit. */
export function replayGcra(decisions: readonly Decision[], limit: number, windowUs: number): Mismatches {
  const interval = Math.ceil(windowUs / limit);
  const capacity = interval * limit;
  let tat = 0;
  return replay(decisions, (d) => {
    const start = Math.max(tat, d.t);
    const after = start + d.cost * interval;
    const ok = after - d.t <= capacity;
    const held = ok ? after : start;
    if (ok) tat = after;
    return { allowed: ok, remaining: Math.max(0, Math.floor((capacity - held + d.t) / interval)) };
  });
}

/** Two epoch-aligned buckets, the previous one weighted by how much of it the sliding window still covers. */
export function replaySlidingWindow(
  decisions: readonly Decision[],
  limit: number,
  windowUs: number,
): Mismatches {
  let stored = { start: Number.NaN, cur: 0, prev: 0 };
  return replay(decisions, (d) => {
    const elapsed = d.t % windowUs;
    const start = d.t - elapsed;
    let cur = 0;
    let prev = 0;
    if (stored.start === start) ({ cur, prev } = stored);
    else if (stored.start === start - windowUs) prev = stored.cur;
    let used = (prev * (windowUs - elapsed)) / windowUs + cur;
    const ok = used + d.cost <= limit;
    if (ok && d.cost > 0) {
      cur += d.cost;
      used += d.cost;
      stored = { start, cur, prev };
    }
    return { allowed: ok, remaining: Math.max(0, Math.floor(limit - used)) };
  });
}

/** The most cost allowed in any interval of length `windowUs` (of server time). */
export function maxInAnyWindow(decisions: readonly Decision[], windowUs: number): number {
  const allowed = decisions.filter((d) => d.allowed).sort((a, b) => a.t - b.t);
  let most = 0;
  let sum = 0;
  let first = 0;
  for (const d of allowed) {
    sum += d.cost;
    while (allowed[first]!.t <= d.t - windowUs) sum -= allowed[first++]!.cost;
    most = Math.max(most, sum);
  }
  return most;
}

function replay(
  decisions: readonly Decision[],
  model: (d: Decision) => { allowed: boolean; remaining: number },
): Mismatches {
  const mismatches: Mismatches = [];
  for (const d of [...decisions].sort((a, b) => a.t - b.t)) {
    const expected = model(d);
    if (expected.allowed !== d.allowed || expected.remaining !== d.remaining) {
      mismatches.push(
        `at ${d.t} µs, cost ${d.cost}: got ${JSON.stringify(d)}, model ${JSON.stringify(expected)}`,
      );
    }
  }
  return mismatches;
}
