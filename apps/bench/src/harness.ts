/** Measures throughput and latency of an operation at a fixed number of calls in flight. */

/** One measured run. */
export interface Measurement {
  name: string;
  /** Operations per second. */
  opsPerSec: number;
  /** Median latency in ms. */
  p50: number;
  /** 99th percentile latency in ms. */
  p99: number;
}

/** Options of {@link measure}. */
export interface MeasureOptions {
  /** Calls kept in flight at once. */
  inFlight: number;
  /** Total calls (after warm-up). */
  total: number;
  /** Warm-up calls, not measured. @default total / 10 */
  warmup?: number;
}

/** Runs `op(i)` `total` times with `inFlight` concurrent workers and reports throughput and latency. */
export async function measure(
  name: string,
  options: MeasureOptions,
  op: (i: number) => Promise<unknown>,
): Promise<Measurement> {
  await drive(options.warmup ?? Math.ceil(options.total / 10), options.inFlight, op);
  const latencies: number[] = [];
  const started = performance.now();
  await drive(options.total, options.inFlight, async (i) => {
    const t = performance.now();
    await op(i);
    latencies.push(performance.now() - t);
  });
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    name,
    opsPerSec: options.total / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
  };
}

async function drive(total: number, inFlight: number, op: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < total) await op(next++);
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, total) }, worker));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

/** Prints measurements as a table, each with its ratio to `baseline` (the first row when not given). */
export function report(title: string, rows: Measurement[], baseline = rows[0]?.name): void {
  const base = rows.find((r) => r.name === baseline);
  console.log(`\n## ${title}\n`);
  console.log("| implementation | ops/s | p50 ms | p99 ms | ratio |");
  console.log("|---|---:|---:|---:|---:|");
  for (const r of rows) {
    const ratio = base ? (r.opsPerSec / base.opsPerSec).toFixed(2) : "-";
    console.log(
      `| ${r.name} | ${Math.round(r.opsPerSec).toLocaleString("en-US")} | ${r.p50.toFixed(3)} | ${r.p99.toFixed(3)} | ${ratio}× |`,
    );
  }
}
