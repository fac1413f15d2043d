/** @module How long the soak runs, and when faults stop so recovery can be seen. */

/** `SOAK_SECONDS` (default 60): how long the mixed load runs. */
export function soakSeconds(env: Record<string, string | undefined> = process.env): number {
  const raw = env.SOAK_SECONDS ?? "60";
  const seconds = Number(raw);
  // 20 s is the shortest run with room for one fault of each kind and the calm stretch after them.
  if (!(Number.isFinite(seconds) && seconds >= 20)) {
    throw new Error(`SOAK_SECONDS must be a number of seconds, at least 20; got ${JSON.stringify(raw)}.`);
  }
  return seconds;
}

/** The soak's timeline, in ms from the start of the load. */
export interface Timeline {
  /** The load stops. */
  durationMs: number;
  /** The first fault. */
  firstFaultMs: number;
  /** No fault starts after this; the rest of the run shows the system recovering by itself. */
  lastFaultEndMs: number;
  /** The gap between one fault's end and the next one's start. */
  faultGapMs: number;
}

export function timeline(seconds: number): Timeline {
  const durationMs = seconds * 1000;
  return {
    durationMs,
    firstFaultMs: 1000,
    // At least 5 s of calm at the end (a quarter of the run for short runs).
    lastFaultEndMs: durationMs - Math.max(5000, durationMs / 4),
    faultGapMs: 1500,
  };
}
