/**
 * One run of the "Nightly job" simulation: N instances of a scheduled handler start at once, and each runs the
 * seed's lock example, `locker.withLock("nightly_job", ...)`. Only one may run the job at a time; the rest wait or
 * give up.
 *
 * Each instance opens its own connection (its own validated registry), as separate processes or serverless
 * invocations would. "Kill holder" closes the holder's connection and stops its work without releasing: like a
 * crashed process, it neither refreshes nor releases, so its lock expires on its TTL and the next waiter takes
 * over with a higher fencing token.
 *
 * `withLock` hands over neither the fencing token nor the TTL (see lock-keys.ts): the new holder reads its fencing
 * token from Redis first thing, and the run's {@link LockTtlObserver} reads the lock's TTL.
 */
import { isBeeRedisError, type RedisPool } from "@beeredis/core";
import { seconds } from "./format-seconds.js";
import { type Instance, instanceView } from "./instance.js";
import type { JobBoardOptions } from "./job-board-options.js";
import { FENCE_REDIS_KEY, JOB_LOCK_KEY, LOCK_PREFIX } from "./lock-keys.js";
import { LockTtlObserver } from "./lock-ttl-observer.js";
import type { Hold, HolderView, InstanceState, JobEvent, RunView } from "./run-view.js";
import type { JobSettings } from "./settings.js";
import { sleep } from "./sleep.js";

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
  private readonly observer: LockTtlObserver;

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
    this.observer = new LockTtlObserver(options);
    this.done = Promise.all(this.instances.map((instance) => this.runInstance(instance))).then(async () => {
      this.finishedAt = Date.now();
      await this.observer.stop();
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
    await this.observer.read();
    const left = this.observer.latest?.ms ?? 0;
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
      instances: this.instances.map((instance) => instanceView(instance, now)),
      holds: this.holds.map((hold) => ({ ...hold })),
      events: [...this.events],
      maxConcurrentHolders: this.maxConcurrentHolders,
    };
  }

  private holderView(now: number): HolderView | null {
    const reading = this.observer.latest;
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
    this.observer.latest = { ms: this.settings.ttlMs, at: now }; // withLock just set it; the observer confirms below
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
    void this.observer.read();
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

  private log(instance: Instance, kind: JobEvent["kind"], text: string): void {
    this.events.push({ at: Date.now() - this.startedAt, instance: instance.id, kind, text });
  }
}
