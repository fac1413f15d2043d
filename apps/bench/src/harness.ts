/**
 * Measures implementations side by side: rows run in alternating rounds (the order rotating each round) so a load
 * spike on a shared machine hits every row alike, and each row is reported with its median throughput over the
 * rounds, its spread, p50/p99 latency, the Redis commands it ran per operation, the CPU this process spent per
 * operation, and its ratio to every peer.
 */
import { commandCalls } from "@beeredis/testkit";
import { collectGarbage } from "./collect-garbage.js";

/** One implementation under test. */
export interface Row {
  name: string;
  /** True for a peer (a library users would pick instead); every row gets a ratio against every peer. */
  peer?: boolean;
  op: (i: number) => Promise<unknown>;
  /** CPU time (µs) used so far by the server this row talks to, when it runs in a process of its own. */
  serverCpuMicros?: () => Promise<number>;
}

/** A row's result over all rounds. */
export interface Measurement {
  name: string;
  peer: boolean;
  /** Median over the rounds of the operations per second. */
  opsPerSec: number;
  /** Slowest and fastest round, operations per second. */
  spread: [number, number];
  /** Median latency in ms, over every operation of every round. */
  p50: number;
  /** 99th percentile latency in ms, over every operation of every round. */
  p99: number;
  /** Commands Redis ran per operation (INFO commandstats; commands run by scripts count), when counted. */
  commandsPerOp: number | undefined;
  /** CPU time (µs) the row's server process used per operation, when it has one (see `Row.serverCpuMicros`). */
  serverCpuPerOp: number | undefined;
  /**
   * CPU time (µs, user and system) the bench's own process used per operation: the client's cost, and with it
   * that of anything the row runs in this process (an in-process gateway). Where two rows do the same work (the
   * parity rows), this shows whether a ratio's distance from 1 is cost or noise.
   */
  processCpuPerOp: number;
  /** Ops/s of each round, in round order (paired with the other rows' rounds for the ratios). */
  rounds: number[];
}

/** A ratio a beeredis row must reach against a peer, both in the same table. */
export interface Target {
  row: string;
  peer: string;
  min: number;
}

/** One reported comparison. */
export interface Table {
  title: string;
  inFlight: number;
  opsPerRound: number;
  rows: Measurement[];
  /** The median over rounds of row ÷ peer, for every row and every peer: `ratios[row][peer]`. */
  ratios: Record<string, Record<string, number>>;
  /** Each target with its median ratio and the range of its per-round ratios. */
  targets: (Target & { ratio: number; range: [number, number]; met: boolean })[];
  verdict: string;
  note?: string;
}

/** Options of {@link compare}. */
export interface CompareOptions {
  inFlight: number;
  /** Operations per row, split evenly over the rounds (more when a round would be too short, see `roundSize`). */
  total: number;
  /** @default 5 */
  rounds?: number;
  /** Operations each row runs first, not counted. @default a fifth of a round */
  warmUp?: number;
  /** Counts the commands Redis runs (see {@link redisCommandCounter}); without it commands/op is not reported. */
  countCommands?: () => Promise<number>;
  targets?: Target[];
  note?: string;
}

const tables: Table[] = [];
const extras: { title: string; data: unknown }[] = [];
let jsonMode = false;

/** With `--json`, the human-readable tables go to stderr and one JSON document to stdout at the end. */
export function setJsonMode(on: boolean): void {
  jsonMode = on;
}

/** Prints a line of the human-readable report. */
export function print(line = ""): void {
  (jsonMode ? process.stderr : process.stdout).write(`${line}\n`);
}

/** Keeps a result that is not a {@link Table} (the contended lock runs) for the JSON report. */
export function recordExtra(title: string, data: unknown): void {
  extras.push({ title, data });
}

/** Everything reported so far, for `--json`. */
export function jsonReport(machine: Record<string, unknown>): string {
  return JSON.stringify({ machine, tables, extras }, null, 2);
}

/** The total of INFO commandstats, without INFO itself (the counter's own calls). */
export function redisCommandCounter(admin: {
  info(section: string): Promise<string>;
}): () => Promise<number> {
  return async () => {
    let total = 0;
    for (const [name, calls] of Object.entries(await commandCalls(admin)))
      if (name !== "info") total += calls;
    return total;
  };
}

/** The shortest a round may last: in a shorter one, one GC pause or scheduler hiccup decides the ratio. */
const MIN_ROUND_MS = 300;
/** How far a round may grow past the size asked for, so a fast table still ends in seconds. */
const MAX_ROUND_GROWTH = 25;

/**
 * The operations per round: `asked`, or more when the fastest row (at `fastest` operations per ms in its
 * warm-up) would finish a round in under {@link MIN_ROUND_MS}. Every row runs the same count.
 */
function roundSize(asked: number, fastest: number): number {
  return Math.min(Math.max(asked, Math.ceil(fastest * MIN_ROUND_MS)), asked * MAX_ROUND_GROWTH);
}

/**
 * Runs every row `total` times in `rounds` alternating rounds (after a warm-up each, not counted; more when a
 * round would be over in under {@link MIN_ROUND_MS}), rotating the order each round, each round after a full GC,
 * then reports the table (see {@link report}) and returns it.
 */
export async function compare(title: string, rows: Row[], options: CompareOptions): Promise<Table> {
  const roundCount = options.rounds ?? 5;
  const asked = Math.max(1, Math.ceil(options.total / roundCount));
  const { inFlight, countCommands } = options;
  const warmUp = options.warmUp ?? Math.max(1, Math.ceil(asked / 5));
  let fastest = 0; // operations per ms of the fastest row's warm-up
  for (const row of rows) {
    const started = performance.now();
    await drive(warmUp, inFlight, row.op, 0);
    fastest = Math.max(fastest, warmUp / Math.max(performance.now() - started, 0.001));
  }
  const size = roundSize(asked, fastest);
  const acc = rows.map(() => ({
    rounds: [] as number[],
    latencies: [] as number[],
    commands: 0,
    serverCpu: 0,
    processCpu: 0,
  }));
  for (let round = 0; round < roundCount; round++) {
    for (let r = 0; r < rows.length; r++) {
      const index = (r + round) % rows.length;
      const row = rows[index]!;
      const into = acc[index]!;
      const before = countCommands ? await countCommands() : 0;
      const cpuBefore = row.serverCpuMicros ? await row.serverCpuMicros() : 0;
      const base = (round + 1) * size; // fresh operation numbers each round (rows key by them)
      collectGarbage();
      const cpuStarted = process.cpuUsage();
      const started = performance.now();
      await drive(size, inFlight, timed(row.op, into.latencies), base);
      into.rounds[round] = size / ((performance.now() - started) / 1000);
      const cpu = process.cpuUsage(cpuStarted);
      into.processCpu += cpu.user + cpu.system;
      if (row.serverCpuMicros) into.serverCpu += (await row.serverCpuMicros()) - cpuBefore;
      if (countCommands) into.commands += (await countCommands()) - before;
    }
  }
  const measured = rows.map((row, i): Measurement => {
    const { rounds, latencies, commands, serverCpu, processCpu } = acc[i]!;
    latencies.sort((a, b) => a - b);
    return {
      name: row.name,
      peer: row.peer === true,
      opsPerSec: median(rounds),
      spread: [Math.min(...rounds), Math.max(...rounds)],
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      commandsPerOp: countCommands ? commands / (size * roundCount) : undefined,
      serverCpuPerOp: row.serverCpuMicros ? serverCpu / (size * roundCount) : undefined,
      processCpuPerOp: processCpu / (size * roundCount),
      rounds,
    };
  });
  return report({
    title,
    inFlight,
    opsPerRound: size,
    rows: measured,
    targets: options.targets,
    note: options.note,
  });
}

/** Builds a table from measured rows (ratios, targets, verdict), prints it and keeps it for `--json`. */
export function report(input: {
  title: string;
  inFlight: number;
  opsPerRound: number;
  rows: Measurement[];
  targets?: Target[];
  note?: string;
}): Table {
  const { rows } = input;
  const peers = rows.filter((r) => r.peer);
  const ratios: Table["ratios"] = {};
  for (const row of rows) {
    ratios[row.name] = {};
    for (const peer of peers) ratios[row.name]![peer.name] = pairedRatio(row, peer);
  }
  const targets = (input.targets ?? []).map((t) => {
    const perRound = roundRatios(find(rows, t.row), find(rows, t.peer));
    const ratio = median(perRound);
    const range: [number, number] = [Math.min(...perRound), Math.max(...perRound)];
    return { ...t, ratio, range, met: ratio >= t.min };
  });
  const table: Table = { ...input, ratios, targets, verdict: verdict(rows, targets) };
  tables.push(table);
  printTable(table, peers);
  return table;
}

function printTable(table: Table, peers: Measurement[]): void {
  print(`\n## ${table.title}\n`);
  const ratioHeads = peers.map((p) => `÷ ${p.name}`);
  const withCpu = table.rows.some((r) => r.serverCpuPerOp !== undefined);
  print(
    `| implementation | ops/s (median) | spread | p50 ms | p99 ms | cmds/op | bench CPU µs/op |${withCpu ? " server CPU µs/op |" : ""} ${ratioHeads.join(" | ")} |`,
  );
  print(`|---|---:|---:|---:|---:|---:|---:|${withCpu ? "---:|" : ""}${peers.map(() => "---:|").join("")}`);
  for (const r of table.rows) {
    const cells = peers.map((p) => (p === r ? "—" : `${table.ratios[r.name]![p.name]!.toFixed(2)}×`));
    const name = r.peer ? r.name : `**${r.name}**`;
    const spread = `${kilo(r.spread[0])}–${kilo(r.spread[1])}`;
    const cmds = r.commandsPerOp === undefined ? "-" : r.commandsPerOp.toFixed(2);
    const cpu = withCpu ? ` ${r.serverCpuPerOp === undefined ? "-" : r.serverCpuPerOp.toFixed(1)} |` : "";
    print(
      `| ${name} | ${Math.round(r.opsPerSec).toLocaleString("en-US")} | ${spread} | ${r.p50.toFixed(3)} | ${r.p99.toFixed(3)} | ${cmds} | ${r.processCpuPerOp.toFixed(1)} |${cpu} ${cells.join(" | ")} |`,
    );
  }
  const rounds = table.rows[0]?.rounds.length ?? 0;
  print(`\n${rounds} rounds of ${table.opsPerRound.toLocaleString("en-US")} operations per row.`);
  if (table.note) print(`\n${table.note}`);
  print(`\n**Verdict:** ${table.verdict}`);
}

/** One line: every target met or missed; with no target, which row leads and by how much. */
function verdict(rows: Measurement[], targets: Table["targets"]): string {
  if (targets.length > 0) {
    const parts = targets.map(
      (t) =>
        `${t.row} ${t.ratio.toFixed(2)}× ${t.peer} (rounds ${t.range[0].toFixed(2)}–${t.range[1].toFixed(2)}; target ≥ ${t.min}×: ${t.met ? "met" : "MISSED"})`,
    );
    const missed = targets.filter((t) => !t.met).length;
    return `${missed === 0 ? "all targets met" : `${missed} of ${targets.length} targets missed`}; ${parts.join("; ")}.`;
  }
  const sorted = [...rows].sort((a, b) => b.opsPerSec - a.opsPerSec);
  const [first, second] = sorted;
  if (!first || !second) return "one row only.";
  return `${first.name} leads, ${(first.opsPerSec / second.opsPerSec).toFixed(2)}× ${second.name}.`;
}

/** The median over rounds of `row`'s ops/s over `peer`'s in the same round (a slow round slows both). */
function pairedRatio(row: Measurement, peer: Measurement): number {
  return median(roundRatios(row, peer));
}

function roundRatios(row: Measurement, peer: Measurement): number[] {
  return row.rounds.map((ops, i) => ops / peer.rounds[i]!);
}

function find(rows: Measurement[], name: string): Measurement {
  const row = rows.find((r) => r.name === name);
  if (!row) throw new Error(`bench: no row named "${name}" for a target.`);
  return row;
}

function timed(op: (i: number) => Promise<unknown>, latencies: number[]): (i: number) => Promise<unknown> {
  return (i) => {
    const t = performance.now();
    return op(i).then(() => latencies.push(performance.now() - t));
  };
}

/** Runs `op(base + n)` for n in [0, total) with `inFlight` concurrent workers. */
export async function drive(
  total: number,
  inFlight: number,
  op: (i: number) => Promise<unknown>,
  base: number,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < total) await op(base + next++);
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, total) }, worker));
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

function kilo(ops: number): string {
  return ops >= 10_000 ? `${Math.round(ops / 1000)}k` : `${(ops / 1000).toFixed(1)}k`;
}
