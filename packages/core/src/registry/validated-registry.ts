import { command } from "../commands/command.js";
import { asText } from "../commands/decode.js";
import { ConfigError, UnknownPoolError } from "../errors.js";
import { Engine } from "./engine.js";
import type { LitePool } from "./lite-pool.js";
import type { RedisPool } from "./pool.js";
import type { PoolConfig } from "./pool-config.js";
import type { PoolRuntime } from "./pool-runtime.js";

/** Makes the pool object an engine hands out. @internal */
export type PoolFactory<P> = (runtime: PoolRuntime) => P;

/**
 * A checked registry. It owns every connection, shared by all engines it creates; close it once at shutdown.
 * `await using registry = await new Registry(...).validate()` closes it automatically.
 */
export class ValidatedRegistry<P extends LitePool = RedisPool> {
  /** @internal */
  constructor(
    private readonly runtimes: ReadonlyMap<string, PoolRuntime>,
    private readonly poolFactory: PoolFactory<P>,
  ) {}

  /** A cheap view over the shared connections; one per request in a serverless function is fine. */
  createEngine(): Engine<P> {
    return new Engine(this);
  }

  /** Every registered pool's public description. */
  getPoolConfigs(): PoolConfig[] {
    return [...this.runtimes.values()].map((runtime) => runtime.config);
  }

  /**
   * A new pool object for `code`, over the shared runtime.
   * @internal
   */
  createPool(code: string): P {
    const runtime = this.runtimes.get(code);
    if (runtime === undefined) throw new UnknownPoolError(code, [...this.runtimes.keys()]);
    return this.poolFactory(runtime);
  }

  /**
   * Pings every pool and checks that the server serves the pool's database (CLIENT INFO's `db=` field).
   * @internal
   */
  async checkConnections(): Promise<void> {
    const engine = this.createEngine();
    const problems = await Promise.all(
      [...this.runtimes.keys()].map(async (code) => {
        const pool = engine.getRedis(code);
        const db = pool.getPoolConfig().getDatabase();
        try {
          await pool.execute(command<string>, [["PING"], asText]);
          const info = await pool.execute(command<string>, [["CLIENT", "INFO"], asText]);
          const served = /(?:^|\s)db=(\d+)/.exec(info)?.[1];
          if (served !== undefined && Number(served) !== db) {
            return `pool "${code}": the server serves database ${served}, but the pool is registered for database ${db}`;
          }
          return undefined;
        } catch (error) {
          return `pool "${code}" (${pool.getPoolConfig().getAddress()}): ${error instanceof Error ? error.message : String(error)}`;
        }
      }),
    );
    const failed = problems.filter((p) => p !== undefined);
    if (failed.length > 0) {
      await this.close();
      throw new ConfigError(`Redis connection check failed:\n- ${failed.join("\n- ")}`);
    }
  }

  /** Closes every connection of every pool. Commands afterwards reject with `TransportError`. */
  async close(): Promise<void> {
    await Promise.all([...this.runtimes.values()].map((runtime) => runtime.close()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
