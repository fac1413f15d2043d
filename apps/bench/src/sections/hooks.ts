/**
 * What the command hooks cost when no listener is registered: CPU per command of core's whole command path
 * (`pool.get` → PoolRuntime.execute → circuit → transport) over an instant in-memory transport, so the network
 * and Redis add no noise that would hide a few nanoseconds.
 *
 * Rows, in alternating rounds in one process:
 * - "no hooks": the shipped path (`execute` checks its `observer` field, unset, and skips the timing);
 * - "no hooks, execute without the observer branch": the same pool whose `execute` is a copy of the shipped
 *   one with the three observer lines removed, the baseline for "the disabled hook costs nothing measurable";
 * - "a no-op onCommand hook": what a listener costs when one is on (two clock reads and a `then`).
 * Both "no hooks" rows install their `execute` on the instance, so V8 sees the same object shapes; the hook row
 * runs last, against the copy.
 */

import {
  type Command,
  type Endpoint,
  type RawReply,
  type RedisPool,
  Registry,
  type SendOptions,
  type Transport,
  type TransportFactory,
  type WireArg,
} from "@beeredis/core";
import { collectGarbage } from "../collect-garbage.js";
import { median, print } from "../harness.js";

const ROUNDS = 21;
const VALUE: RawReply = new TextEncoder().encode("value");

/** A transport that answers every command at once, without I/O: a CPU benchmark's stand-in for Redis. */
const instant: TransportFactory = {
  capabilities: {
    name: "instant",
    maxBlockingMs: 0,
    pubsub: false,
    watch: false,
    databases: true,
    cluster: false,
  },
  accepts: ["tcp"],
  create: (_endpoint: Endpoint): Transport => ({
    send: (_argv: readonly WireArg[], _options: SendOptions) => Promise.resolve(VALUE),
    batch: (commands) => Promise.resolve(commands.map(() => VALUE)),
    close: () => Promise.resolve(),
  }),
};

/** The fields of PoolRuntime (internal to core) that `execute` reads. */
interface Runtime {
  execute: (build: (...args: unknown[]) => Command<unknown>, args: unknown[]) => Promise<unknown>;
  prepare(cmd: Command<unknown>): Command<unknown>;
  blockingOptions(cmd: Command<unknown>): SendOptions;
  connection(): Transport;
  sendOptions: SendOptions;
  toError: (error: unknown) => never;
}

/** PoolRuntime.execute as shipped, minus the observer lines (GET has no `recover`: that branch never runs). */
function executeWithoutObserver(
  this: Runtime,
  build: (...args: unknown[]) => Command<unknown>,
  args: unknown[],
): Promise<unknown> {
  let cmd: Command<unknown>;
  let sent: Promise<RawReply>;
  try {
    cmd = this.prepare(build(...args));
    const options = cmd.blockMs === undefined ? this.sendOptions : this.blockingOptions(cmd);
    sent = this.connection().send(cmd.argv, options);
  } catch (error) {
    return Promise.reject(error);
  }
  const result = sent.then(cmd.decode, this.toError);
  if (cmd.recover !== undefined) throw new Error("the hooks bench runs commands without `recover` only");
  return result;
}

/** The pool's runtime: a protected field, reached here only to swap its `execute`. */
const runtimeOf = (pool: RedisPool): Runtime => (pool as unknown as { runtime: Runtime }).runtime;

async function poolWith(hook: boolean): Promise<RedisPool> {
  const registry = new Registry({ transport: instant });
  if (hook) registry.onCommand(() => {});
  return (await registry.registerRedis("127.0.0.1:1", 0).validate()).createEngine().getRedis();
}

/** ns of CPU per `get`, `total` of them `inFlight` at a time. */
async function nsPerCall(pool: RedisPool, total: number, inFlight: number): Promise<number> {
  collectGarbage();
  const start = process.cpuUsage();
  for (let done = 0; done < total; done += inFlight) {
    if (inFlight === 1) await pool.get("k");
    else await Promise.all(Array.from({ length: inFlight }, () => pool.get("k")));
  }
  const used = process.cpuUsage(start);
  return ((used.user + used.system) * 1000) / total;
}

export async function hooksSection(_server: unknown, total: number): Promise<void> {
  const calls = total * 10;
  print(
    `\n## Command hooks: CPU per command over an instant in-memory transport (${calls} GETs per row and round, ${ROUNDS} alternating rounds)\n`,
  );
  print("| in flight | row | ns CPU per command (median) | ÷ without the branch (median of rounds) |");
  print("|---:|---|---:|---:|");
  const [plain, stripped] = await Promise.all([poolWith(false), poolWith(false)]);
  runtimeOf(plain).execute = runtimeOf(plain).execute; // the shipped function, an own property like the copy
  runtimeOf(stripped).execute = executeWithoutObserver;
  const rows: [string, RedisPool][] = [
    ["no hooks (shipped execute)", plain],
    ["no hooks, execute without the observer branch", stripped],
  ];
  for (const inFlight of [1, 50]) await compareRows(rows, calls, inFlight);
  // Only now: a pool with a listener would make the shipped `execute` see both kinds of runtime, slowing the
  // no-hook row with type feedback that a process without listeners never has.
  const hooked = await poolWith(true);
  for (const inFlight of [1, 50]) {
    await compareRows(
      [
        ["a no-op onCommand hook", hooked],
        ["no hooks, execute without the observer branch", stripped],
      ],
      calls,
      inFlight,
      [0],
    );
  }
  print(
    "\nTarget: the disabled hook costs nothing measurable: the shipped row ≤ 1.02× the row without the branch, at 1 and 50 in flight.",
  );
}

/** Runs `rows` in alternating rounds and prints each (or those at `shown`) against the last row. */
async function compareRows(
  rows: [string, RedisPool][],
  calls: number,
  inFlight: number,
  shown = rows.map((_, i) => i),
): Promise<void> {
  for (const [, pool] of rows) await nsPerCall(pool, calls / 10, inFlight); // warm-up (JIT)
  const perRound = rows.map(() => [] as number[]);
  for (let round = 0; round < ROUNDS; round++) {
    for (let r = 0; r < rows.length; r++) {
      const index = (r + round) % rows.length;
      perRound[index]!.push(await nsPerCall(rows[index]![1], calls, inFlight));
    }
  }
  const base = perRound[rows.length - 1]!;
  for (const i of shown) {
    const ratio = median(perRound[i]!.map((ns, round) => ns / base[round]!));
    print(`| ${inFlight} | ${rows[i]![0]} | ${median(perRound[i]!).toFixed(0)} | ${ratio.toFixed(3)}× |`);
  }
}
