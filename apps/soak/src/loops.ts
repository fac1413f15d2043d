import { sleep } from "./sleep.js";

/** After a failed step, a loop pauses this long, so an outage is not hammered in a tight loop. */
const PAUSE_AFTER_FAILURE_MS = 20;

/**
 * Runs `count` concurrent loops of `step` until `stop` aborts, and resolves once every loop has finished its
 * last step. `step` resolves to false when it failed; it must not reject (it counts its own errors).
 */
export async function runLoops(
  count: number,
  stop: AbortSignal,
  step: () => Promise<boolean>,
): Promise<void> {
  const loop = async () => {
    while (!stop.aborted) {
      if (!(await step())) await sleep(PAUSE_AFTER_FAILURE_MS);
    }
  };
  await Promise.all(Array.from({ length: count }, loop));
}
