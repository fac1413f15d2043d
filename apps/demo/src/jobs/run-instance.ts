/**
 * One instance of the scheduled handler: what one request runs (on the edge, one Worker invocation). Like a
 * serverless function, it opens its own client and runs the seed's lock example,
 * `locker.withLock("nightly_job", { ttl, wait, signal }, job)`, and reports each step to the run's log in Redis.
 *
 * "Kill holder" cannot reach into another invocation, so it marks the holder in Redis (RunStore.kill). The holder
 * checks the mark while it works and, once marked, stops as a crashed process would: it closes its own client
 * first, so that withLock can neither refresh nor release, and the lock expires on its TTL.
 */
import { isBeeRedisError, type ValidatedRegistry } from "@beeredis/core";
import { seconds } from "./format-seconds.js";
import { JOB_LOCK_KEY, LOCKER_OPTIONS } from "./job-keys.js";
import type { RunStore } from "./run-store.js";
import type { InstanceState, JobEvent, RunRecord } from "./run-view.js";
import { sleep } from "./sleep.js";

/** Opens a fresh validated registry: an instance's own client, closed when it ends. */
export type Connect = () => Promise<ValidatedRegistry>;

export interface InstanceContext {
  store: RunStore;
  connect: Connect;
  /** The pool the lock lives on. @default "default" */
  pool?: string;
  /** Stops the instance: the server is shutting down. */
  signal?: AbortSignal;
}

/** What an instance's request answers once the instance has ended. */
export interface InstanceOutcome {
  instance: number;
  state: InstanceState;
  fencingToken?: number;
}

/** How often a holder checks whether "Kill holder" chose it. */
const KILL_POLL_MS = 200;

class Crashed extends Error {}

/** Runs instance `n` of `run` to its end: done, gave up, crashed, lost or failed. Never rejects. */
export async function runInstance(ctx: InstanceContext, run: RunRecord, n: number): Promise<InstanceOutcome> {
  const { store } = ctx;
  const { ttlMs, waitMs, workMs } = run.settings;
  const log = (event: Omit<JobEvent, "at" | "instance">) => store.append(run, { instance: n, ...event });
  let registry: ValidatedRegistry | undefined;
  let fencingToken: number | undefined;
  let crashed = false;
  try {
    await log({
      kind: "ask",
      text: `asks for the lock (TTL ${seconds(ttlMs)}, waits up to ${seconds(waitMs)})`,
    });
    const askedAt = Date.now();
    registry = await ctx.connect();
    const own = registry;
    const locker = own.createEngine().getRedis(ctx.pool).getLocker(LOCKER_OPTIONS);
    await locker.withLock(
      JOB_LOCK_KEY,
      { ttl: `${ttlMs}ms`, wait: waitMs, signal: ctx.signal },
      async (signal, lock) => {
        fencingToken = lock.fencingToken;
        const waited = seconds(Math.round((Date.now() - askedAt) / 100) * 100);
        await log({
          kind: "acquire",
          fencingToken,
          text: `got the lock with fencing token ${fencingToken}, after waiting ${waited}`,
        });
        const killed = await workUnlessKilled(store, run.id, n, workMs, signal);
        // Logged before withLock releases, so the log never shows two holders at once.
        if (!killed && (await store.settle(run.id, n, "released"))) {
          await log({
            kind: "release",
            fencingToken,
            text: `finished the job and releases the lock (fencing token ${fencingToken})`,
          });
          return;
        }
        crashed = true;
        await own.close();
        throw new Crashed();
      },
    );
    return { instance: n, state: "done", fencingToken };
  } catch (error) {
    if (crashed) return { instance: n, state: "crashed", fencingToken };
    const end = failure(error, fencingToken !== undefined, waitMs);
    await log(end.event).catch(() => {}); // Redis itself may be what failed
    return { instance: n, state: end.state, fencingToken };
  } finally {
    await registry?.close().catch(() => {});
  }
}

/** Works for `workMs`, checking every {@link KILL_POLL_MS} whether "Kill holder" chose this instance. */
async function workUnlessKilled(
  store: RunStore,
  id: string,
  n: number,
  workMs: number,
  signal: AbortSignal,
): Promise<boolean> {
  const end = Date.now() + workMs;
  for (;;) {
    if (await store.isKilled(id, n)) return true;
    const left = end - Date.now();
    if (left <= 0) return false;
    await sleep(Math.min(KILL_POLL_MS, left), signal);
  }
}

function failure(
  error: unknown,
  acquired: boolean,
  waitMs: number,
): { state: InstanceState; event: Omit<JobEvent, "at" | "instance"> } {
  const code = isBeeRedisError(error) ? error.code : undefined;
  if (!acquired && code === "LOCK_TIMEOUT") {
    const text = `gave up after waiting ${seconds(waitMs)}: the job ran elsewhere`;
    return { state: "gave-up", event: { kind: "give-up", text } };
  }
  const detail = error instanceof Error ? error.message : String(error);
  if (code === "LOCK_LOST")
    return { state: "lost", event: { kind: "lost", text: `lost the lock: ${detail}`, detail } };
  return { state: "failed", event: { kind: "fail", text: `failed: ${detail}`, detail } };
}
