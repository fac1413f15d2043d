import type { Cases } from "./context.js";
import { lockFairnessCases } from "./lock/fairness.case.js";
import { lockKeepAliveCases } from "./lock/keep-alive.case.js";
import { lockOperationsCases } from "./lock/operations.case.js";
import { lockOwnershipCases } from "./lock/ownership.case.js";
import { lockPollingCases } from "./lock/polling.case.js";
import { lockSeedCases } from "./lock/seed.case.js";
import { semaphoreCases } from "./lock/semaphore.case.js";
import { lockUnitsCases } from "./lock/units.case.js";
import { lockWithLockCases } from "./lock/with-lock.case.js";

/** The locker: the seed's scenarios, ownership checks, ttl units, FIFO fairness, polling waiters, withLock and its keep-alive, timeouts,
 * handles, inspection, auto-refresh and semaphores. */
export const lockCases: Cases = (ctx, it) => {
  lockSeedCases(ctx, it);
  lockOwnershipCases(ctx, it);
  lockUnitsCases(ctx, it);
  lockFairnessCases(ctx, it);
  lockPollingCases(ctx, it);
  lockWithLockCases(ctx, it);
  lockKeepAliveCases(ctx, it);
  lockOperationsCases(ctx, it);
  semaphoreCases(ctx, it);
};
