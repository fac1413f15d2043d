/** A run as the job page and the JSON API see it: plain data, a snapshot taken by `JobRun.view()`. */
import type { JobSettings } from "./settings.js";

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
