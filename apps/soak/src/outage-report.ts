/** @module The figures of the outage scenario, per transport, from the decisions its callers recorded. */
import { type Decision, percentile } from "./outage-load.js";

/** When Redis went down and when it accepted connections again, in `performance.now()` ms. */
export interface OutageWindow {
  readonly downAt: number;
  readonly upAt: number;
}

export interface OutageFigures {
  readonly decisions: number;
  readonly duringOutage: number;
  /** Decision latency while Redis was down, ms. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** The same, from the first decision the pool refused without sending (it knew Redis was down). */
  readonly knownDownP99Ms: number;
  /** How long after Redis went down the pool knew it, ms. */
  readonly knownAfterMs: number;
  /** During the outage, by source (and allowed / denied). */
  readonly bySource: Record<string, { allowed: number; denied: number }>;
  /** From Redis accepting connections again to the first decision Redis made, ms. */
  readonly recoveryMs: number;
}

export function outageFigures(decisions: readonly Decision[], { downAt, upAt }: OutageWindow): OutageFigures {
  const during = decisions.filter((d) => d.startedAt >= downAt && d.startedAt < upAt);
  const firstFast = during.find((d) => d.failedFast);
  const known = firstFast === undefined ? [] : during.filter((d) => d.startedAt >= firstFast.startedAt);
  const bySource: Record<string, { allowed: number; denied: number }> = {};
  for (const d of during) {
    const tally = bySource[d.source] ?? { allowed: 0, denied: 0 };
    bySource[d.source] = tally;
    if (d.allowed) tally.allowed++;
    else tally.denied++;
  }
  const firstRedis = decisions.find((d) => d.startedAt >= upAt && d.source === "redis");
  const latencies = during.map((d) => d.latencyMs);
  return {
    decisions: decisions.length,
    duringOutage: during.length,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    maxMs: Math.max(...latencies),
    knownDownP99Ms: percentile(
      known.map((d) => d.latencyMs),
      0.99,
    ),
    knownAfterMs: firstFast === undefined ? Number.NaN : firstFast.startedAt - downAt,
    bySource,
    recoveryMs: firstRedis === undefined ? Number.NaN : firstRedis.startedAt + firstRedis.latencyMs - upAt,
  };
}

const ms = (value: number) => (Number.isNaN(value) ? "n/a" : `${value.toFixed(2)} ms`);

export function formatOutageReport(seconds: number, figures: Record<string, OutageFigures>): string {
  const lines = [`outage report (Redis down for ${seconds} s under steady load; onError "local")`];
  for (const [transport, f] of Object.entries(figures)) {
    const sources = Object.entries(f.bySource)
      .map(([source, { allowed, denied }]) => `${source} ${allowed} allowed / ${denied} denied`)
      .join(", ");
    lines.push(
      `  ${transport}: ${f.decisions} decisions, ${f.duringOutage} during the outage`,
      `    latency during the outage   p50 ${ms(f.p50Ms)}, p99 ${ms(f.p99Ms)}, max ${ms(f.maxMs)}`,
      `    once known down (after ${ms(f.knownAfterMs)})  p99 ${ms(f.knownDownP99Ms)}`,
      `    decided during the outage   ${sources}`,
      `    Redis back -> first Redis decision  ${ms(f.recoveryMs)}`,
    );
  }
  return lines.join("\n");
}
