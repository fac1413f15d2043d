/**
 * The gateway's cost against the bare REST server (bare-rest-server.ts) counted in instructions rather than time.
 * Each server runs in its own process under valgrind's callgrind, is brought to its steady state, and then counts
 * the user-space instructions of all its threads over the same requests, in five windows per client. A round's
 * ops/s on a shared 2-core VM moves ±15%, and at one call in flight the client's CPU dominates the wall time; a
 * window's count moves by the garbage collection that fell in it, so the median window shows what a request
 * costs and the range what collections add. The kernel's part is not counted (both servers make the same system
 * calls per request: strace, see RESULTS.md).
 * Runs only when named (`pnpm bench gateway-instructions`); needs valgrind.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { RedisServer } from "@beeredis/testkit";
import { Redis as UpstashRedis } from "@upstash/redis";
import { median, print, recordExtra } from "../harness.js";
import { pipelinePoster } from "./pipeline-poster.js";
import { getSet, STEADY_STATE_REQUESTS, warmServer } from "./rest-load.js";

const run = promisify(execFile);
const TOKEN = "bench-token";

/** Instructions per request of one server under one client, in one window. */
interface Count {
  /** Every thread: the request path, the garbage collector's helpers, V8's compiler threads. */
  all: number;
  /** The main thread alone: the request path and garbage collection on it. */
  main: number;
}

/** The windows per client: the table reports their median and range. */
const WINDOWS = 5;

type Client = { name: string; make(url: string): { op(i: number): Promise<unknown>; close(): void } };

const CLIENTS: Client[] = [
  {
    name: "@upstash/redis GET/SET 16 B, 1 in flight",
    make: (url) => ({
      op: getSet(new UpstashRedis({ url, token: TOKEN, enableTelemetry: false })),
      close: () => undefined,
    }),
  },
  {
    name: "keep-alive HTTP client, /pipeline of one GET or SET, 1 in flight",
    make: (url) => {
      const poster = pipelinePoster(url, TOKEN);
      return { op: poster.post, close: poster.close };
    },
  },
];

export async function serverInstructionsSection(server: RedisServer, total: number): Promise<void> {
  print("\n## The gateway's cost in instructions (callgrind)\n");
  try {
    await run("valgrind", ["--version"]);
  } catch {
    print("Skipped: valgrind is not installed (Debian: `apt-get install -y valgrind`).");
    return;
  }
  const perWindow = Math.max(200, Math.floor(total / 4 / WINDOWS));
  const counts = {
    gateway: await countServer("gateway", server.url, perWindow),
    bare: await countServer("bare", server.url, perWindow),
  };
  print(
    `Each server in its own process under callgrind, after ${STEADY_STATE_REQUESTS.toLocaleString("en")} warm-up requests from both clients at once; then ${WINDOWS} windows of ${perWindow.toLocaleString("en")} requests per client, one at a time. User-space instructions per request, the median window (the range of the ${WINDOWS} in brackets); lower is cheaper.\n`,
  );
  print(
    "| client | gateway, all threads | bare server, all threads | gateway ÷ bare | gateway, main thread | bare server, main thread | gateway ÷ bare |",
  );
  print("|---|---:|---:|---:|---:|---:|---:|");
  const rows = CLIENTS.map((client, i) => {
    const gateway = counts.gateway[i]!;
    const bare = counts.bare[i]!;
    const all = [median(gateway.map((c) => c.all)), median(bare.map((c) => c.all))] as const;
    const main = [median(gateway.map((c) => c.main)), median(bare.map((c) => c.main))] as const;
    print(
      `| ${client.name} | ${withRange(gateway, "all")} | ${withRange(bare, "all")} | ${(all[0] / all[1]).toFixed(3)}× | ${withRange(gateway, "main")} | ${withRange(bare, "main")} | ${(main[0] / main[1]).toFixed(3)}× |`,
    );
    return { client: client.name, gateway, bare, allRatio: all[0] / all[1], mainRatio: main[0] / main[1] };
  });
  recordExtra("The gateway's cost in instructions per request (callgrind)", { perWindow, rows });
}

/** Runs the `kind` server under callgrind and counts its instructions per request: per client, per window. */
async function countServer(
  kind: "gateway" | "bare",
  redisUrl: string,
  perWindow: number,
): Promise<Count[][]> {
  const dir = await mkdtemp(join(tmpdir(), "beeredis-callgrind-"));
  const entry = fileURLToPath(new URL("./rest-server.js", import.meta.url));
  const child = spawn(
    "valgrind",
    [
      "--tool=callgrind",
      // V8 writes and rewrites machine code at run time: valgrind must notice code that changed in memory.
      "--smc-check=all-non-file",
      "--separate-threads=yes",
      `--callgrind-out-file=${join(dir, "cg.%p")}`,
      `--log-file=${join(dir, "valgrind.log")}`,
      process.execPath,
      entry,
      kind,
      redisUrl,
      TOKEN,
    ],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  try {
    const url = await firstLine(child);
    await warmServer(url, TOKEN, STEADY_STATE_REQUESTS);
    const counts: Count[][] = [];
    let dumps = 0;
    for (const client of CLIENTS) {
      const { op, close } = client.make(url);
      for (let n = 0; n < 1000; n++) await op(n); // this client's own connection, warm too
      const windows: Count[] = [];
      for (let w = 0; w < WINDOWS; w++) {
        await run("callgrind_control", ["--zero", String(child.pid)]);
        for (let n = 0; n < perWindow; n++) await op(n);
        await run("callgrind_control", ["--dump", String(child.pid)]);
        windows.push(await readDump(dir, child.pid!, ++dumps, perWindow));
      }
      close();
      counts.push(windows);
    }
    return counts;
  } finally {
    child.stdin!.end();
    await new Promise((resolve) => child.once("exit", resolve));
    await rm(dir, { recursive: true, force: true });
  }
}

/** The URL rest-server.ts prints on its first line. */
function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => {
      lines.close();
      resolve(line);
    });
    child.once("exit", (code) => reject(new Error(`bench: the server under valgrind exited (${code}).`)));
  });
}

/** Dump number `dump` of process `pid`, one file per thread (`cg.<pid>.<dump>-<thread>`; thread 01 is main). */
async function readDump(dir: string, pid: number, dump: number, requests: number): Promise<Count> {
  const prefix = `cg.${pid}.${dump}-`;
  let all = 0;
  let main = 0;
  for (const file of (await readdir(dir)).filter((name) => name.startsWith(prefix))) {
    const totals = /^totals:\s+(\d+)/m.exec(await readFile(join(dir, file), "utf8"));
    const count = Number(totals?.[1] ?? 0);
    all += count;
    if (file === `${prefix}01`) main = count;
  }
  return { all: all / requests, main: main / requests };
}

/** "143,000 (139,500–151,200)": the median window and the range. */
function withRange(windows: readonly Count[], which: keyof Count): string {
  const values = windows.map((count) => count[which]);
  return `${thousands(median(values))} (${thousands(Math.min(...values))}–${thousands(Math.max(...values))})`;
}

function thousands(n: number): string {
  return Math.round(n).toLocaleString("en");
}
