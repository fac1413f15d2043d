/**
 * The runs, in Redis: created by the start form, appended to by each instance's invocation (wherever it runs),
 * read by the page's poll. Nothing lives in a process's or an isolate's memory, so every invocation and every
 * runtime sees the same run.
 */
import { type RedisPool, ReplyError } from "@beeredis/core";
import { foldRun } from "./fold-run.js";
import { seconds } from "./format-seconds.js";
import { JOB_LOCK_KEY, LOCKER_OPTIONS, RUN_TTL_SECONDS, runKeys } from "./job-keys.js";
import type { JobEvent, RunRecord, RunView } from "./run-view.js";
import { type JobSettings, runDeadlineMs } from "./settings.js";

/** A run is already active: one at a time, since they would compete for the same lock. */
export class JobBusyError extends Error {
  constructor(
    readonly runId: string,
    readonly runtime: string,
  ) {
    super(`A run is still in progress (started on ${runtime}): wait for it to finish, or kill its holder.`);
  }
}

/** The runs in Redis, on one pool: create, view, log, claim and settle instances, kill the holder. */
export class RunStore {
  /** @param pool the pool the runs live in (database 0: every runtime's "default"). */
  constructor(private readonly pool: () => RedisPool) {}

  /** Creates a run. @throws JobBusyError while another run is active, on any runtime. */
  async create(settings: JobSettings, runtime: string): Promise<RunRecord> {
    const pool = this.pool();
    const id = randomId();
    const px = runDeadlineMs(settings);
    if ((await pool.set(runKeys.active, id, { nx: true, px })) === null) {
      const activeId = await pool.get(runKeys.active);
      const active = activeId === null ? undefined : await this.view(activeId);
      if (active && !active.finished) throw new JobBusyError(active.id, active.runtime);
      await pool.set(runKeys.active, id, { px });
    }
    const run: RunRecord = { id, settings, startedAt: Date.now(), runtime };
    const key = runKeys.record(id);
    await pool
      .multi()
      .hset(key, { record: JSON.stringify(run) })
      .expire(key, RUN_TTL_SECONDS)
      .set(runKeys.latest, id, { ex: RUN_TTL_SECONDS })
      .exec();
    return run;
  }

  /** The run's record, or undefined when there is no such run (or it expired). */
  async get(id: string): Promise<RunRecord | undefined> {
    const json = await this.pool().hget(runKeys.record(id), "record");
    return json === null ? undefined : (JSON.parse(json) as RunRecord);
  }

  /**
   * The run as the page shows it: its record and log (one round trip), and the lock's ms left from
   * `locker.inspect()` (alongside, without taking the lock).
   */
  async view(id: string): Promise<RunView | undefined> {
    const pool = this.pool();
    const [replies, lock] = await Promise.all([
      pool.pipeline().hget(runKeys.record(id), "record").lrange(runKeys.events(id), 0, -1).exec(),
      pool.getLocker(LOCKER_OPTIONS).inspect(JOB_LOCK_KEY),
    ]);
    const [record, events] = replies.map((reply) => {
      if (reply instanceof ReplyError) throw reply;
      return reply;
    }) as [string | null, string[]];
    if (record === null) return undefined;
    const log = events.map((line) => JSON.parse(line) as JobEvent);
    return foldRun(JSON.parse(record) as RunRecord, log, lock.ttlMs, Date.now());
  }

  /** The most recent run, started on any runtime. */
  async latest(): Promise<RunView | undefined> {
    const id = await this.pool().get(runKeys.latest);
    return id === null ? undefined : this.view(id);
  }

  /** Appends a line to the run's log, timed now. */
  async append(run: RunRecord, event: Omit<JobEvent, "at">): Promise<void> {
    const key = runKeys.events(run.id);
    const line: JobEvent = { at: Date.now() - run.startedAt, ...event };
    await this.pool().multi().rpush(key, JSON.stringify(line)).expire(key, RUN_TTL_SECONDS).exec();
  }

  /** Claims instance `n` of the run for the request that runs it: false when another request already did. */
  claim(id: string, n: number): Promise<boolean> {
    return this.pool().hsetnx(runKeys.record(id), `claim:${n}`, "1");
  }

  /**
   * Decides, once, how holder `n` ends: finishing its job ("released") or killed. True when this call decided;
   * the holder and "Kill holder" both ask, so a kill that comes as the job finishes has one outcome, not two.
   */
  settle(id: string, n: number, outcome: "released" | "killed"): Promise<boolean> {
    return this.pool().hsetnx(runKeys.record(id), `end:${n}`, outcome);
  }

  /** Whether "Kill holder" chose instance `n`. */
  async isKilled(id: string, n: number): Promise<boolean> {
    return (await this.pool().hget(runKeys.record(id), `end:${n}`)) === "killed";
  }

  /**
   * "Kill holder": marks the run's current holder as crashed and logs it. The holder's invocation sees the mark
   * within moments and stops as a crashed process would: it cuts its own connection, so it neither refreshes nor
   * releases, and the lock expires on its TTL.
   * @returns the killed instance's number, or undefined when nobody holds the lock (or it has just finished).
   */
  async kill(id: string): Promise<number | undefined> {
    const [run, view] = await Promise.all([this.get(id), this.view(id)]);
    const holder = view?.holder;
    if (!run || !holder || holder.crashed || !(await this.settle(id, holder.instance, "killed")))
      return undefined;
    await this.append(run, {
      instance: holder.instance,
      kind: "crash",
      fencingToken: holder.fencingToken,
      text: `crashed while holding the lock (fencing token ${holder.fencingToken}): no refresh, no release; the lock expires on its TTL (${seconds(run.settings.ttlMs)} at most)`,
    });
    return holder.instance;
  }
}

function randomId(): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
