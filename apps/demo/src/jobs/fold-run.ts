/**
 * A run's view from what Redis holds: its record, its log and the lock's PTTL. Pure: the log is the truth, and
 * each instance's state is the last thing it reported.
 */
import type {
  Hold,
  HolderView,
  InstanceState,
  InstanceView,
  JobEvent,
  RunRecord,
  RunView,
} from "./run-view.js";
import { runDeadlineMs } from "./settings.js";

const ENDS: Partial<
  Record<JobEvent["kind"], { state: InstanceState; outcome: NonNullable<Hold["outcome"]> }>
> = {
  release: { state: "done", outcome: "released" },
  "give-up": { state: "gave-up", outcome: "failed" },
  crash: { state: "crashed", outcome: "crashed" },
  lost: { state: "lost", outcome: "lost" },
  fail: { state: "failed", outcome: "failed" },
};

interface Tracked extends InstanceView {
  askedAt?: number;
  endAt?: number;
}

/** Builds the view of `run` at `now` (`Date.now()`), from its events in order and the lock's PTTL. */
export function foldRun(
  run: RunRecord,
  events: readonly JobEvent[],
  lockTtlMs: number,
  now: number,
): RunView {
  const instances: Tracked[] = Array.from({ length: run.settings.instances }, (_, i) => ({
    id: i + 1,
    state: "starting" as InstanceState,
  }));
  const holds: Hold[] = [];
  let holding = 0;
  let maxConcurrentHolders = 0;
  let crashed: { instance: number; fencingToken: number } | undefined;
  for (const event of events) {
    const instance = instances[event.instance - 1];
    if (!instance) continue;
    if (event.kind === "ask") {
      instance.state = "waiting";
      instance.askedAt = event.at;
    } else if (event.kind === "acquire") {
      instance.state = "holding";
      instance.fencingToken = event.fencingToken;
      instance.endAt = event.at; // the wait ends here
      holding++;
      maxConcurrentHolders = Math.max(maxConcurrentHolders, holding);
      holds.push({ instance: instance.id, fencingToken: event.fencingToken ?? 0, acquiredAt: event.at });
      crashed = undefined;
    } else {
      const end = ENDS[event.kind]!;
      if (instance.state === "holding") {
        holding--;
        const hold = [...holds]
          .reverse()
          .find((h) => h.instance === instance.id && h.releasedAt === undefined);
        if (hold) Object.assign(hold, { releasedAt: event.at, outcome: end.outcome });
        if (event.kind === "crash")
          crashed = { instance: instance.id, fencingToken: hold?.fencingToken ?? 0 };
      } else instance.endAt = event.at;
      instance.state = end.state;
      if (event.detail) instance.detail = event.detail;
    }
  }

  const elapsed = now - run.startedAt;
  const allEnded = instances.every((i) => !["starting", "waiting", "holding"].includes(i.state));
  const overdue = elapsed > runDeadlineMs(run.settings);
  if (overdue && !allEnded) {
    for (const instance of instances) {
      if (instance.state === "starting" || instance.state === "waiting" || instance.state === "holding") {
        instance.state = "failed";
        instance.detail = "no report before the run's deadline (did its request reach the server?)";
      }
    }
  }
  const finished = allEnded || overdue;
  const current = instances.find((i) => i.state === "holding");
  let holder: HolderView | null = null;
  if (current) {
    holder = {
      instance: current.id,
      fencingToken: current.fencingToken ?? 0,
      ttlMs: lockTtlMs,
      crashed: false,
    };
  } else if (crashed && lockTtlMs > 0 && !finished) {
    holder = { ...crashed, ttlMs: lockTtlMs, crashed: true };
  }
  return {
    id: run.id,
    settings: run.settings,
    runtime: run.runtime,
    startedAt: run.startedAt,
    elapsedMs: allEnded ? Math.max(0, ...events.map((e) => e.at)) : Math.max(0, elapsed),
    finished,
    holder,
    instances: instances.map(({ askedAt, endAt, ...view }) => ({
      ...view,
      waitedMs: askedAt === undefined ? undefined : (endAt ?? elapsed) - askedAt,
    })),
    holds,
    events: [...events],
    maxConcurrentHolders,
  };
}
