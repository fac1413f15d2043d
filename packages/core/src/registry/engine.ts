import type { LitePool } from "./lite-pool.js";
import type { RedisPool } from "./pool.js";
import type { ValidatedRegistry } from "./validated-registry.js";

/**
 * Gives access to the registered pools. Cheap to create; all engines share the registry's connections.
 * `P` is `RedisPool` for a `Registry` and `LitePool` for a `LiteRegistry`.
 */
export class Engine<P extends LitePool = RedisPool> {
  private readonly pools = new Map<string, P>();

  /** @internal */
  constructor(private readonly registry: ValidatedRegistry<P>) {}

  /**
   * The pool registered under `code`.
   * @throws UnknownPoolError naming the registered codes.
   * @default code "default"
   */
  getRedis(code = "default"): P {
    let pool = this.pools.get(code);
    if (pool === undefined) {
      pool = this.registry.createPool(code);
      this.pools.set(code, pool);
    }
    return pool;
  }
}
