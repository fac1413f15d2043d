/** @module Distributed locks and semaphores: `pool.getLocker()`. */
export { LockTimeoutError } from "../errors.js";
export type { AcquireLimits } from "./deadline.js";
export type { AutoRefreshOptions } from "./lease.js";
export { Lease } from "./lease.js";
export { Lock, type LockHandle } from "./lock.js";
export {
  Locker,
  type LockerOptions,
  type ObtainOptions,
  type WithLockOptions,
} from "./locker.js";
export { LOCK_SCRIPTS, type LockInspection } from "./scripts.js";
export {
  type AcquireOptions,
  Permit,
  type PermitHandle,
  Semaphore,
  type WithSemaphoreOptions,
} from "./semaphore.js";
export { SEMAPHORE_SCRIPTS, type SemaphoreInspection } from "./semaphore-scripts.js";
