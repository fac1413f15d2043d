/** @module The figures of one soak run, and the table printed at its end. */
import type { ByTransport } from "./clients.js";
import type { FaultCounts } from "./faults.js";
import type { LedgerVerdict } from "./ledger.js";

export interface SoakFigures {
  seconds: number;
  ledger: LedgerVerdict;
  commands: ByTransport;
  decisions: ByTransport & { denied: number };
  sections: ByTransport & { lost: number };
  faults: FaultCounts;
  overlaps: number;
  fenceRegressions: number;
  violations: { serverTimes: number; serverLog: number; clientIntervals: number; logEntriesSeen: number };
  errors: Map<string, number>;
  heap: { beforeBytes: number; afterBytes: number; forcedGc: boolean };
  /** Loads with a call that never settled after the stop. */
  hung: string[];
  /** Work completed between the last fault's heal and the end, per load. */
  afterLastHeal: { commands: number; decisions: number; sections: number };
}

const MB = 1024 * 1024;
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
const split = (counts: ByTransport) => `${counts.tcp + counts.http} (tcp ${counts.tcp}, http ${counts.http})`;

export function formatReport(f: SoakFigures): string {
  const rows: [string, string | number][] = [
    ["duration", `${f.seconds} s`],
    ["loads with a call that never settled", f.hung.join(", ") || "none"],
    ["commands acknowledged (INCR)", split(f.commands)],
    ["commands failed (outcome unknown)", f.ledger.ambiguous],
    ["commands refused unsent (must not run)", f.ledger.unsent],
    ["ledger: server value / acknowledged", `${f.ledger.server} / ${f.ledger.acknowledged}`],
    ["acknowledged writes lost", f.ledger.lost],
    ["writes applied twice", f.ledger.extra],
    ["rate-limit decisions", `${split(f.decisions)}, ${f.decisions.denied} denied`],
    [
      "rate-limit violations",
      `${f.violations.serverTimes} by server time, ${f.violations.serverLog} in the server log ` +
        `(${f.violations.logEntriesSeen} entries seen), ${f.violations.clientIntervals} by client intervals`,
    ],
    ["critical sections completed", split(f.sections)],
    ["critical sections that lost their lock", f.sections.lost],
    ["lock overlaps", f.overlaps],
    ["fencing-token regressions", f.fenceRegressions],
    [
      "faults injected",
      Object.entries(f.faults)
        .map(([kind, n]) => `${kind} ${n}`)
        .join(", "),
    ],
    ...[...f.errors].sort((a, b) => b[1] - a[1]).map(([type, n]): [string, number] => [`error: ${type}`, n]),
    [
      "after the last heal",
      `${f.afterLastHeal.commands} commands, ${f.afterLastHeal.decisions} decisions, ` +
        `${f.afterLastHeal.sections} sections`,
    ],
    [
      `heap used before / after${f.heap.forcedGc ? " (after gc)" : " (no --expose-gc)"}`,
      `${mb(f.heap.beforeBytes)} / ${mb(f.heap.afterBytes)} (${mb(f.heap.afterBytes - f.heap.beforeBytes)})`,
    ],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  return ["soak report", ...rows.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`)].join("\n");
}
