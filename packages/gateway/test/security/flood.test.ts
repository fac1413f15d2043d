/**
 * A flood of huge pipelines from one token: another token keeps being served, and the gateway's memory stays
 * bounded. The gateway runs as its own process (the CLI), so its memory is measured apart from the flood's.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type RedisServer, startRedis } from "@beeredis/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCli, type CliRun, runCli } from "../cli-process.js";

const FLOODER = "flood-token";
const VICTIM = "victim-token";
/**
 * Posts 1 MB pipelines (1,000 commands, the default cap, of about 1 KB each) to URL/pipeline from CLIENTS loops
 * until SIGTERM, then prints how many were answered 200.
 */
const FLOODER_SCRIPT = `
const body = JSON.stringify(Array.from({ length: 1000 }, () => ["ECHO", "x".repeat(1000)]));
let served = 0;
let running = true;
process.on("SIGTERM", () => { running = false; });
const loop = async () => {
  while (running) {
    const answer = await fetch(process.env.URL + "/pipeline", {
      method: "POST", headers: { authorization: "Bearer " + process.env.TOKEN }, body,
    }).catch(() => undefined);
    if (!answer) continue;
    await answer.arrayBuffer();
    if (answer.status === 200) served++;
  }
};
await Promise.all(Array.from({ length: Number(process.env.CLIENTS) }, loop));
process.stdout.write(String(served));
`;

describe("a flood from one token", () => {
  let redis: RedisServer;
  let cli: Awaited<ReturnType<typeof buildCli>>;
  let run: CliRun;
  let url: string;

  beforeAll(async () => {
    cli = await buildCli(fileURLToPath(new URL(`../../.flood-cli-dist-${process.pid}`, import.meta.url)));
    redis = await startRedis();
    run = runCli(cli.script, ["--port", "0"], {
      BEEREDIS_GATEWAY_REDIS: redis.url,
      BEEREDIS_GATEWAY_TOKENS: JSON.stringify([{ token: FLOODER }, { token: VICTIM, db: 1 }]),
    });
    url = await run.url();
  });
  afterAll(async () => {
    run?.child.kill("SIGTERM");
    await run?.exited;
    await redis?.stop();
    cli?.remove();
  });

  it("does not starve another token, nor grow the gateway by hundreds of MB", async () => {
    const post = (token: string, path: string, body: string) =>
      fetch(`${url}${path}`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body });
    await post(VICTIM, "/", '["SET","k","v"]');
    const rssBefore = rssKb(run);
    // The flood comes from a process of its own, so its work does not delay this process' own requests.
    const flood = spawn(process.execPath, ["--input-type=module", "-e", FLOODER_SCRIPT], {
      env: { URL: url, TOKEN: FLOODER, CLIENTS: "48" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let floodOutput = "";
    flood.stdout!.on("data", (chunk) => {
      floodOutput += chunk;
    });
    const floodExited = new Promise((resolve) => flood.on("exit", resolve));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const waits: number[] = [];
    const until = performance.now() + 4000;
    while (performance.now() < until) {
      const started = performance.now();
      const answer = await post(VICTIM, "/", '["GET","k"]');
      expect(await answer.json()).toEqual({ result: "v" });
      waits.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    flood.kill("SIGTERM");
    await floodExited;
    const pipelines = Number(floodOutput.trim() || 0);
    const peakGrowthMb = (peakRssKb(run) - rssBefore) / 1024;
    waits.sort((a, b) => a - b);
    const p50 = waits[Math.floor(waits.length / 2)]!;
    const worst = waits[waits.length - 1]!;
    console.log(
      `flood: ${pipelines} pipelines of 1,000 commands (1 MB) served; the other token's GET p50 ${p50.toFixed(1)} ms, worst ${worst.toFixed(1)} ms over ${waits.length} requests; gateway peak RSS +${peakGrowthMb.toFixed(0)} MB`,
    );
    expect(pipelines).toBeGreaterThan(0);
    // Bounds that catch starvation and unbounded growth, with room for a loaded CI machine: before the
    // per-token budget, the other token waited 3.7 s and the gateway grew by 371 MB in this very scenario. The
    // typical figures (printed above, and in the README) are a tenth of these.
    expect(worst).toBeLessThan(2000);
    expect(peakGrowthMb).toBeLessThan(400);
  });
});

function rssKb(run: CliRun): number {
  return statusField(run, "VmRSS");
}

function peakRssKb(run: CliRun): number {
  return statusField(run, "VmHWM");
}

function statusField(run: CliRun, field: string): number {
  const status = readFileSync(`/proc/${run.child.pid}/status`, "utf8");
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)![1]);
}
