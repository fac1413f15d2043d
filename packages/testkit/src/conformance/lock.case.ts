import type { Cases } from "./context.js";
import { lockFairnessCases } from "./lock/fairness.case.js";
import { lockOwnershipCases } from "./lock/ownership.case.js";
import { lockSeedCases } from "./lock/seed.case.js";
import { lockWithLockCases } from "./lock/with-lock.case.js";

/** The locker: the seed's scenarios, ownership checks, FIFO fairness, withLock. */
export const lockCases: Cases = (ctx, it) => {
  lockSeedCases(ctx, it);
  lockOwnershipCases(ctx, it);
  lockFairnessCases(ctx, it);
  lockWithLockCases(ctx, it);
};
