import { RedisPool } from "./pool.js";
import type { ValidatedRegistry } from "./validated-registry.js";

/** Gives access to the registered pools. Cheap to create; all engines share the registry's connections. */
export class Engine {
  private readonly pools = new Map<string, RedisPool>();

  /** @internal */
  constructor(private readonly registry: ValidatedRegistry) {}

  /**
   * The pool registered under `code`.
   * @throws UnknownPoolError naming the registered codes.
   * @default code "default"
   */
  getRedis(code = "default"): RedisPool {
    let pool = this.pools.get(code);
    if (pool === undefined) {
      pool = new RedisPool(this.registry.runtime(code));
      this.pools.set(code, pool);
    }
    return pool;
  }
}
