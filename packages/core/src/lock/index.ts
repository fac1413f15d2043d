/** @module Distributed locks: `pool.getLocker()`. */
export { LockTimeoutError } from "../errors.js";
export { Lock } from "./lock.js";
export { Locker, type LockerOptions, type ObtainOptions, type WithLockOptions } from "./locker.js";
export { LOCK_SCRIPTS } from "./scripts.js";
