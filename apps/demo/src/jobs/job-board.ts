/**
 * The runs of the "Nightly job" page. State lives in memory, per process (per isolate on Workers). No node:*
 * imports here or in the rest of src/jobs/: the Worker bundles them.
 */
import type { JobBoardOptions } from "./job-board-options.js";
import { JobRun } from "./job-run.js";
import type { JobSettings } from "./settings.js";

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

function randomId(): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
