/**
 * The "Nightly job" simulation: N instances of a scheduled handler start at once, and each runs the seed's lock
 * example, `locker.withLock("nightly_job", ...)`. Only one may run the job at a time; the rest wait or give up.
 *
 * Each instance opens its own connection (its own validated registry), as separate processes or serverless
 * invocations would. "Kill holder" closes the holder's connection and stops its work without releasing: like a
 * crashed process, it neither refreshes nor releases, so its lock expires on its TTL and the next waiter takes
 * over with a higher fencing token.
 *
 * `withLock`'s function receives only an AbortSignal, not the Lock, so the page reads the lock from the keys the
 * locker documents for the default prefix "lock": `{lock:nightly_job}` (the owner's token, with the lock's expiry)
 * and `{lock:nightly_job}:fence` (the fencing counter). The new holder reads its fencing token first thing; an
 * observer connection reads the lock's PTTL, which also counts down a crashed holder's lock to its expiry.
 *
 * State lives in memory, per process (per isolate on Workers). No node:* imports: the Worker bundles this file.
 */
import { isBeeRedisError, type RedisPool, type ValidatedRegistry } from "@beeredis/core";

/** The lock every instance competes for. */
export const JOB_LOCK_KEY = "nightly_job";
/** The locker's prefix, pinned to its documented default so the keys below stay right. */
const LOCK_PREFIX = "lock";
/** Where the locker keeps the lock: the owner's token, with the lock's expiry. */
export const LOCK_REDIS_KEY = `{${LOCK_PREFIX}:${JOB_LOCK_KEY}}`;
/** The lock's fencing counter: the current holder's fencing token. */
export const FENCE_REDIS_KEY = `${LOCK_REDIS_KEY}:fence`;

/** What one run is asked to do. Times in milliseconds. */
export interface JobSettings {
  /** How many instances start. */
  instances: number;
  /** The lock's TTL; `withLock` refreshes it while the job runs. */
  ttlMs: number;
  /** How long the job itself takes once an instance holds the lock. */
  workMs: number;
  /** How long an instance waits for the lock before giving up. */
  waitMs: number;
}

export const DEFAULT_JOB_SETTINGS: JobSettings = { instances: 5, ttlMs: 4000, workMs: 2000, waitMs: 15_000 };

/** Accepted ranges of {@link JobSettings}, inclusive. */
export const JOB_LIMITS: Readonly<Record<keyof JobSettings, readonly [number, number]>> = {
  instances: [1, 10],
  ttlMs: [500, 60_000],
  workMs: [0, 60_000],
  waitMs: [0, 120_000],
};

export type InstanceState =
  | "starting"
  | "waiting"
  | "holding"
  | "done"
  | "gave-up"
  | "crashed"
  | "lost"
  | "failed";

/** One line of the run's log. `at` is ms since the run started. */
export interface JobEvent {
  at: number;
  instance: number;
  kind: "ask" | "acquire" | "release" | "give-up" | "crash" | "lost" | "fail" | "overlap";
  text: string;
}

/** One holder's tenure, in order of acquisition. */
export interface Hold {
  instance: number;
  fencingToken: string;
  acquiredAt: number;
  releasedAt?: number;
  outcome?: "released" | "crashed" | "lost" | "failed";
}

export interface InstanceView {
  id: number;
  state: InstanceState;
  fencingToken?: string;
  /** How long it waited for the lock (so far, while waiting). */
  waitedMs?: number;
  detail?: string;
}

/** The lock as the page shows it: a live holder, or a crashed one whose lock has not expired yet. */
export interface HolderView {
  instance: number;
  fencingToken: string;
  /** Milliseconds the lock has left: the observer's latest PTTL reading minus the time since. */
  ttlMs: number;
  crashed: boolean;
}

export interface RunView {
  id: string;
  settings: JobSettings;
  startedAt: number;
  /** Milliseconds since the run started. */
  elapsedMs: number;
  finished: boolean;
  holder: HolderView | null;
  instances: InstanceView[];
  holds: Hold[];
  events: JobEvent[];
  /** The most instances that ever held the lock at the same time: 1 with a correct lock. */
  maxConcurrentHolders: number;
}

/** Opens a fresh validated registry: one per instance, like one per process. */
export type Connect = () => Promise<ValidatedRegistry>;

export interface JobBoardOptions {
  connect: Connect;
  /** The pool the lock lives on. @default "default" */
  pool?: string;
  /** How many finished runs are kept for viewing. @default 5 */
  keep?: number;
  /** How often the observer reads the lock's TTL from Redis while a run is active. @default 200 */
  ttlPollMs?: number;
}

/** A run is already active: one at a time, since they would compete for the same lock. */
export class JobBusyError extends Error {
  constructor(readonly runId: string) {
    super("A run is still in progress: wait for it to finish, or kill its holder.");
  }
}

/** The runs of this process (or isolate). */
export class JobBoard {
  private readonly runs = new Map<string, JobRun>();
  private stopped = false;

  constructor(private readonly options: JobBoardOptions) {}

  /** Starts a run. @throws JobBusyError while another run is active. */
  start(settings: JobSettings): JobRun {
    if (this.stopped) throw new Error("The job board is shutting down.");
    const active = [...this.runs.values()].find((run) => !run.finished);
    if (active) throw new JobBusyError(active.id);
    const run = new JobRun(randomId(), settings, this.options);
    this.runs.set(run.id, run);
    const keep = this.options.keep ?? 5;
    for (const id of [...this.runs.keys()].slice(0, Math.max(0, this.runs.size - keep))) {
      if (this.runs.get(id)?.finished) this.runs.delete(id);
    }
    return run;
  }

  get(id: string): JobRun | undefined {
    return this.runs.get(id);
  }

  /** The most recent run, if any. */
  latest(): JobRun | undefined {
    return [...this.runs.values()].at(-1);
  }

  /** Ends every active run (shutdown): instances stop and their connections close. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.runs.values()].map((run) => run.abort()));
  }
}

interface Instance {
  id: number;
  state: InstanceState;
  askedAt?: number;
  acquiredAt?: number;
  endedAt?: number;
  fencingToken?: string;
  detail?: string;
  registry?: ValidatedRegistry;
  /** Cancels the wait or the work: used on shutdown. */
  readonly cancel: AbortController;
  /** Set when "kill holder" hit this instance. */
  crashed: boolean;
}

/** One run of N instances. */
export class JobRun {
  readonly startedAt = Date.now();
  readonly done: Promise<void>;
  private readonly instances: Instance[];
  private readonly events: JobEvent[] = [];
  private readonly holds: Hold[] = [];
  private finishedAt: number | undefined;
  private maxConcurrentHolders = 0;
  /** The crashed holder's lock, until its TTL runs out or the next waiter takes over. */
  private crashedLock: { instance: number; fencingToken: string } | undefined;
  /** The observer's latest reading of the lock's PTTL (0 when there is no lock). */
  private lockTtl: { ms: number; at: number } | undefined;
  /** The observer: its own connection, which only reads. */
  private readonly observer: Promise<ValidatedRegistry>;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private reading = false;

  constructor(
    readonly id: string,
    readonly settings: JobSettings,
    private readonly options: JobBoardOptions,
  ) {
    this.instances = Array.from({ length: settings.instances }, (_, i) => ({
      id: i + 1,
      state: "starting" as InstanceState,
      cancel: new AbortController(),
      crashed: false,
    }));
    this.observer = options.connect();
    this.observer.catch(() => {}); // reported by the instances, which connect the same way
    this.ticker = setInterval(() => void this.readTtl(), options.ttlPollMs ?? 200);
    this.done = Promise.all(this.instances.map((instance) => this.runInstance(instance))).then(async () => {
      this.finishedAt = Date.now();
      clearInterval(this.ticker);
      this.ticker = undefined;
      await this.observer.then((registry) => registry.close()).catch(() => {});
    });
  }

  get finished(): boolean {
    return this.finishedAt !== undefined;
  }

  /**
   * Simulates a crash of the current holder: its connection closes first (so it can neither refresh nor release),
   * then its work stops. The lock stays in Redis until its TTL runs out.
   * @returns the crashed instance's number, or undefined when nobody holds the lock.
   */
  async kill(): Promise<number | undefined> {
    const holder = this.instances.find((instance) => instance.state === "holding");
    if (!holder) return undefined;
    holder.crashed = true;
    holder.state = "crashed";
    holder.endedAt = Date.now();
    const token = holder.fencingToken ?? "?";
    this.crashedLock = { instance: holder.id, fencingToken: token };
    // Cut its connection first, so that it can neither refresh nor release; then stop its work.
    await holder.registry?.close().catch(() => {});
    holder.cancel.abort(new Error("crashed"));
    this.endHold(holder, "crashed");
    await this.readTtl();
    const left = this.lockTtl?.ms ?? 0;
    this.log(
      holder,
      "crash",
      `crashed while holding the lock (fencing token ${token}): no refresh, no release; it expires in ${seconds(Math.round(left / 100) * 100)}`,
    );
    return holder.id;
  }

  /** Stops every instance (shutdown). */
  async abort(): Promise<void> {
    for (const instance of this.instances) instance.cancel.abort(new Error("The demo is shutting down."));
    await this.done;
  }

  view(now = Date.now()): RunView {
    return {
      id: this.id,
      settings: this.settings,
      startedAt: this.startedAt,
      elapsedMs: (this.finishedAt ?? now) - this.startedAt,
      finished: this.finished,
      holder: this.holderView(now),
      instances: this.instances.map((instance) => ({
        id: instance.id,
        state: instance.state,
        fencingToken: instance.fencingToken,
        waitedMs:
          instance.askedAt === undefined
            ? undefined
            : (instance.acquiredAt ?? instance.endedAt ?? now) - instance.askedAt,
        detail: instance.detail,
      })),
      holds: this.holds.map((hold) => ({ ...hold })),
      events: [...this.events],
      maxConcurrentHolders: this.maxConcurrentHolders,
    };
  }

  private holderView(now: number): HolderView | null {
    const reading = this.lockTtl;
    const ttlMs = reading ? Math.max(0, reading.ms - (now - reading.at)) : this.settings.ttlMs;
    const holder = this.instances.find((instance) => instance.state === "holding");
    if (holder?.fencingToken !== undefined) {
      return { instance: holder.id, fencingToken: holder.fencingToken, ttlMs, crashed: false };
    }
    const crashed = this.crashedLock;
    if (crashed && ttlMs > 0 && !this.finished) {
      return { instance: crashed.instance, fencingToken: crashed.fencingToken, ttlMs, crashed: true };
    }
    return null;
  }

  private async runInstance(instance: Instance): Promise<void> {
    const { ttlMs, waitMs, workMs } = this.settings;
    // Staggered by a few ms so that the arrival order (and so the order of service) is visible.
    await sleep(25 * (instance.id - 1), instance.cancel.signal).catch(() => {});
    if (instance.cancel.signal.aborted) {
      instance.state = "failed";
      instance.detail = "stopped before it started";
      return;
    }
    instance.state = "waiting";
    instance.askedAt = Date.now();
    this.log(instance, "ask", `asks for the lock (TTL ${seconds(ttlMs)}, waits up to ${seconds(waitMs)})`);
    let acquired = false;
    try {
      const registry = await this.options.connect();
      instance.registry = registry;
      const pool = registry.createEngine().getRedis(this.options.pool);
      const locker = pool.getLocker({ prefix: LOCK_PREFIX });
      await locker.withLock(
        JOB_LOCK_KEY,
        { ttl: ttlMs, wait: waitMs, signal: instance.cancel.signal },
        async (signal) => {
          acquired = true;
          await this.acquire(instance, pool);
          await sleep(workMs, signal);
          // The job is done: the holder stops holding before withLock releases, so the page never shows two.
          if (!instance.crashed) {
            instance.state = "done";
            instance.endedAt = Date.now();
            this.endHold(instance, "released");
            this.log(
              instance,
              "release",
              `finished the job and releases the lock (fencing token ${instance.fencingToken})`,
            );
          }
        },
      );
    } catch (error) {
      if (instance.crashed) return; // expected: its connection is gone
      if (!acquired && isBeeRedisError(error) && error.code === "LOCK_TIMEOUT") {
        this.giveUp(instance);
        return;
      }
      const lost = isBeeRedisError(error) && error.code === "LOCK_LOST";
      instance.state = lost ? "lost" : "failed";
      instance.endedAt = Date.now();
      instance.detail = error instanceof Error ? error.message : String(error);
      if (instance.fencingToken !== undefined && acquired) this.endHold(instance, lost ? "lost" : "failed");
      this.log(instance, lost ? "lost" : "fail", `${lost ? "lost the lock" : "failed"}: ${instance.detail}`);
    } finally {
      const registry = instance.registry;
      instance.registry = undefined;
      await registry?.close().catch(() => {});
    }
  }

  /** The instance now holds the lock: it reads its fencing token (the counter, issued to it on acquisition). */
  private async acquire(instance: Instance, pool: RedisPool): Promise<void> {
    const fence = await pool.get(FENCE_REDIS_KEY);
    const now = Date.now();
    const holders = this.instances.filter((other) => other.state === "holding").length + 1;
    this.maxConcurrentHolders = Math.max(this.maxConcurrentHolders, holders);
    if (holders > 1) this.log(instance, "overlap", `BUG: ${holders} instances hold the lock at once`);
    instance.state = "holding";
    instance.acquiredAt = now;
    instance.fencingToken = fence ?? "?";
    this.lockTtl = { ms: this.settings.ttlMs, at: now }; // withLock just set it; the observer confirms below
    this.holds.push({
      instance: instance.id,
      fencingToken: instance.fencingToken,
      acquiredAt: now - this.startedAt,
    });
    const crashed = this.crashedLock;
    const takeover =
      crashed !== undefined
        ? ` after instance ${crashed.instance}'s crashed lock (token ${crashed.fencingToken}) expired`
        : "";
    this.crashedLock = undefined;
    this.log(
      instance,
      "acquire",
      `got the lock with fencing token ${instance.fencingToken}${takeover}, after waiting ${seconds(now - (instance.askedAt ?? now))}`,
    );
    void this.readTtl();
  }

  private giveUp(instance: Instance): void {
    instance.state = "gave-up";
    instance.endedAt = Date.now();
    this.log(
      instance,
      "give-up",
      `gave up after waiting ${seconds(this.settings.waitMs)}: the job ran elsewhere`,
    );
  }

  private endHold(instance: Instance, outcome: NonNullable<Hold["outcome"]>): void {
    const hold = [...this.holds]
      .reverse()
      .find((h) => h.instance === instance.id && h.releasedAt === undefined);
    if (hold) {
      hold.releasedAt = Date.now() - this.startedAt;
      hold.outcome = outcome;
    }
  }

  /** The observer reads the lock's TTL from Redis: one PTTL on its own connection. */
  private async readTtl(): Promise<void> {
    if (this.reading || this.finished) return;
    this.reading = true;
    try {
      const observer = await this.observer;
      const ms = await observer.createEngine().getRedis(this.options.pool).pttl(LOCK_REDIS_KEY);
      this.lockTtl = { ms: Math.max(0, Number(ms)), at: Date.now() };
    } catch {
      // Redis blinked, or the run is ending: keep the previous reading.
    } finally {
      this.reading = false;
    }
  }

  private log(instance: Instance, kind: JobEvent["kind"], text: string): void {
    this.events.push({ at: Date.now() - this.startedAt, instance: instance.id, kind, text });
  }
}

/** "1.5 s" */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;
}

/** Resolves after `ms`, or rejects with the signal's reason once it aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function randomId(): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
