#!/usr/bin/env node
/**
 * Draws docs/images/rate-limit-algorithms.svg: one sequence of calls against the four algorithms (limit 4 per
 * 10 s), each call allowed (filled) or denied (cross), under a curve of what the algorithm counts at each moment.
 * The models are the reference models the conformance suite checks every script against
 * (packages/testkit/src/conformance/rate-limit/models.ts), in seconds instead of microseconds.
 * Run it after changing an algorithm: `node docs/scripts/draw-rate-limits.mjs`.
 */
import { writeFileSync } from "node:fs";

const LIMIT = 4;
const WINDOW = 10;
const END = 30;
const CALLS = [0.5, 1, 7, 8, 8.5, 9, 10.5, 11, 11.5, 12, 12.5, 16, 19, 21, 21.5, 22, 25, 27, 28.5];

/** Each model: `decide(t)` allows or denies a call at t and records it; `used(t)` is what it counts at t. */
const MODELS = {
  "sliding-log": () => {
    const allowed = [];
    const used = (t) => allowed.filter((a) => a > t - WINDOW && a <= t).length;
    return { used, decide: (t) => used(t) + 1 <= LIMIT && allowed.push(t) > 0 };
  },
  gcra: () => {
    const interval = WINDOW / LIMIT;
    let tat = 0;
    const used = (t) => Math.max(0, tat - t) / interval;
    const decide = (t) => {
      const after = Math.max(tat, t) + interval;
      if (after - t > interval * LIMIT) return false;
      tat = after;
      return true;
    };
    return { used, decide };
  },
  "fixed-window": () => {
    let start = Number.NEGATIVE_INFINITY;
    let count = 0;
    const used = (t) => (t < start + WINDOW ? count : 0);
    const decide = (t) => {
      if (t >= start + WINDOW) [start, count] = [t, 0];
      return count + 1 <= LIMIT && ++count > 0;
    };
    return { used, decide };
  },
  "sliding-window": () => {
    const buckets = new Map(); // epoch-aligned window start -> count
    const used = (t) => {
      const start = Math.floor(t / WINDOW) * WINDOW;
      const prev = buckets.get(start - WINDOW) ?? 0;
      return (prev * (WINDOW - (t - start))) / WINDOW + (buckets.get(start) ?? 0);
    };
    const decide = (t) => {
      const start = Math.floor(t / WINDOW) * WINDOW;
      if (used(t) + 1 > LIMIT) return false;
      buckets.set(start, (buckets.get(start) ?? 0) + 1);
      return true;
    };
    return { used, decide };
  },
};

const W = 760;
const LEFT = 130;
const ROW = 92;
const x = (t) => LEFT + (t / END) * (W - LEFT - 20);
const parts = [];
const rows = Object.entries(MODELS);
rows.forEach(([name, make], row) => {
  const model = make();
  const top = 40 + row * ROW;
  const base = top + 60;
  const y = (n) => base - (n / LIMIT) * 44;
  const decisions = CALLS.map((t) => ({ t, ok: model.decide(t) }));
  const replay = make();
  let path = "";
  for (let i = 0, next = 0; i <= END * 20; i++) {
    const t = i / 20;
    while (next < CALLS.length && CALLS[next] <= t) replay.decide(CALLS[next++]);
    path += `${i ? "L" : "M"}${x(t).toFixed(1)},${y(Math.min(LIMIT, replay.used(t))).toFixed(1)}`;
  }
  const allowed = decisions.filter((d) => d.ok).length;
  parts.push(
    `<text x="10" y="${top + 28}" class="name">${name}</text>`,
    `<text x="10" y="${top + 46}" class="note">${allowed} of ${CALLS.length} allowed</text>`,
    `<line x1="${x(0)}" y1="${y(LIMIT)}" x2="${x(END)}" y2="${y(LIMIT)}" class="limit"/>`,
    `<line x1="${x(0)}" y1="${base}" x2="${x(END)}" y2="${base}" class="axis"/>`,
    `<path d="${path}" class="count"/>`,
    ...decisions.map(({ t, ok }) =>
      ok
        ? `<circle cx="${x(t).toFixed(1)}" cy="${top + 8}" r="4.5" class="allowed"/>`
        : `<path d="M${x(t) - 4},${top + 4}l8,8m0,-8l-8,8" class="denied"/>`,
    ),
  );
});
const ticks = [];
for (let t = 0; t <= END; t += 5) {
  ticks.push(`<text x="${x(t).toFixed(1)}" y="${40 + rows.length * ROW + 4}" class="tick">${t} s</text>`);
}
const height = 40 + rows.length * ROW + 30;
const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" font-family="sans-serif" role="img">
<title>The same calls against the four rate-limit algorithms: which are allowed, and what each algorithm counts over time</title>
<style>
.name{font-size:14px;font-weight:bold;fill:#222}.note,.tick,.title{font-size:12px;fill:#555}.tick{text-anchor:middle}
.axis{stroke:#999}.limit{stroke:#c33;stroke-dasharray:4 3}.count{fill:none;stroke:#36c;stroke-width:1.6}
.allowed{fill:#2a2}.denied{stroke:#c33;stroke-width:2}
</style>
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="20" class="title">The same ${CALLS.length} calls, limit ${LIMIT} per ${WINDOW} s. Dot: allowed, cross: denied. Blue: what the algorithm counts (0 to the dashed limit).</text>
${parts.join("\n")}
${ticks.join("\n")}
</svg>
`;
writeFileSync(new URL("../images/rate-limit-algorithms.svg", import.meta.url), svg);
console.log(
  rows
    .map(([name, make]) => {
      const m = make();
      return `${name}: ${CALLS.map((t) => (m.decide(t) ? "+" : "-")).join("")}`;
    })
    .join("\n"),
);
