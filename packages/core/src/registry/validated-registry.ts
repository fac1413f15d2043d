import { command } from "../commands/command.js";
import { asText } from "../commands/decode.js";
import { ConfigError, isBeeRedisError, type TransportError, UnknownPoolError } from "../errors.js";
import { describeFailure } from "../failure-reason.js";
import { Engine } from "./engine.js";
import type { LitePool } from "./lite-pool.js";
import type { RedisPool } from "./pool.js";
import type { PoolConfig } from "./pool-config.js";
import type { PoolRuntime } from "./pool-runtime.js";

/** One pool that failed the connection check. */
interface ConnectionProblem {
  readonly code: string;
  readonly address: string;
  /** What is wrong, in plain words, without the pool's name (the line names it). */
  readonly text: string;
  readonly cause?: unknown;
}

/** A failed check's error as a line names it: a TransportError's reason and hint, else its message. */
function plainProblem(error: unknown): string {
  if (isBeeRedisError(error) && error.code === "TRANSPORT") {
    const hint = describeFailure((error as TransportError).cause).hint;
    return `${(error as TransportError).reason}.${hint ? ` ${hint}` : ""}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** One line per address and problem, naming every pool it holds for: `pools "a", "b" (host:6379): ...`. */
function groupProblems(problems: readonly ConnectionProblem[]): string[] {
  const groups = new Map<string, { codes: string[]; problem: ConnectionProblem }>();
  for (const problem of problems) {
    const id = `${problem.address}\n${problem.text}`;
    const group = groups.get(id);
    if (group) group.codes.push(problem.code);
    else groups.set(id, { codes: [problem.code], problem });
  }
  return [...groups.values()].map(({ codes, problem }) => {
    const names = codes.map((code) => `"${code}"`).join(", ");
    return `${codes.length === 1 ? "pool" : "pools"} ${names} (${problem.address}): ${problem.text}`;
  });
}

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
      [...this.runtimes.keys()].map(async (code): Promise<ConnectionProblem | undefined> => {
        const pool = engine.getRedis(code);
        const db = pool.getPoolConfig().getDatabase();
        const address = pool.getPoolConfig().getAddress();
        try {
          await pool.execute(command<string>, [["PING"], asText]);
          const info = await pool.execute(command<string>, [["CLIENT", "INFO"], asText]);
          const served = /(?:^|\s)db=(\d+)/.exec(info)?.[1];
          if (served !== undefined && Number(served) !== db) {
            const text = `the server serves database ${served}, but the pool is registered for database ${db}`;
            return { code, address, text };
          }
          return undefined;
        } catch (error) {
          return { code, address, text: plainProblem(error), cause: error };
        }
      }),
    );
    const failed = problems.filter((p) => p !== undefined);
    if (failed.length > 0) {
      await this.close();
      const lines = groupProblems(failed);
      const message =
        lines.length === 1
          ? `Redis connection check failed: ${lines[0]}`
          : `Redis connection check failed:\n- ${lines.join("\n- ")}`;
      throw new ConfigError(message, { cause: failed[0]!.cause });
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
