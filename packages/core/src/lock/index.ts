/** @module Distributed locks. (Being implemented: see issue 5.) */
import type { RedisPool } from "../registry/pool.js";

/** Options of `pool.getLocker()`. */
export type LockerOptions = {};

/** Obtains distributed locks on one pool. */
export class Locker {
  constructor(
    readonly pool: RedisPool,
    readonly options: LockerOptions = {},
  ) {}
}
