/** A run as Redis keeps it (its record and its events) and as the job page and the JSON API see it. */
import type { JobSettings } from "./settings.js";

/** What a run is created with; kept in Redis so that every invocation and every runtime reads the same. */
export interface RunRecord {
  id: string;
  settings: JobSettings;
  /** `Date.now()` when the run was created. */
  startedAt: number;
  /** The runtime whose page started the run, and so received its instances' requests. */
  runtime: string;
}

export type InstanceState =
  | "starting"
  | "waiting"
  | "holding"
  | "done"
  | "gave-up"
  | "crashed"
  | "lost"
  | "failed";

/** One line of the run's log, appended to Redis by the invocation it is about (a crash: by "Kill holder"). */
export interface JobEvent {
  /** Milliseconds since the run started. */
  at: number;
  instance: number;
  kind: "ask" | "acquire" | "release" | "give-up" | "crash" | "lost" | "fail";
  text: string;
  /** The holder's fencing token (acquire, release, crash). */
  fencingToken?: number;
  /** Why it failed or lost the lock (lost, fail). */
  detail?: string;
}

/** One holder's tenure, in order of acquisition. */
export interface Hold {
  instance: number;
  fencingToken: number;
  acquiredAt: number;
  releasedAt?: number;
  outcome?: "released" | "crashed" | "lost" | "failed";
}

export interface InstanceView {
  id: number;
  state: InstanceState;
  fencingToken?: number;
  /** How long it waited for the lock (so far, while waiting). */
  waitedMs?: number;
  detail?: string;
}

/** The lock as the page shows it: a live holder, or a crashed one whose lock has not expired yet. */
export interface HolderView {
  instance: number;
  fencingToken: number;
  /** Milliseconds the lock has left: its PTTL, read with the run. */
  ttlMs: number;
  crashed: boolean;
}

export interface RunView {
  id: string;
  settings: JobSettings;
  runtime: string;
  startedAt: number;
  /** Milliseconds since the run started (until it finished). */
  elapsedMs: number;
  finished: boolean;
  holder: HolderView | null;
  instances: InstanceView[];
  holds: Hold[];
  events: JobEvent[];
  /** The most instances that ever held the lock at the same time: 1 with a correct lock. */
  maxConcurrentHolders: number;
}
