/** How a job board (and each of its runs) connects to Redis, and how it keeps and observes runs. */
import type { ValidatedRegistry } from "@beeredis/core";

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
