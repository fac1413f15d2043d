/** @module The Redis side, on beeredis itself: one registry, one pool per database a token is mapped to. */
import {
  type Batch,
  type CallBytesReply,
  type Engine,
  type RedisPool,
  Registry,
  type TransportFactory,
  type ValidatedRegistry,
} from "@beeredis/core";
import { tcp } from "@beeredis/ioredis";
import type { ResolvedOptions } from "./options.js";
import type { Argv } from "./request.js";

/** Pools per database, over one registry and the TCP transport. */
export class Backend {
  private readonly engine: Engine;

  private constructor(private readonly registry: ValidatedRegistry) {
    this.engine = registry.createEngine();
  }

  /** Registers `db<N>` for every database a token names. Connects lazily, on the first command. */
  static async open(options: ResolvedOptions): Promise<Backend> {
    const registry = new Registry({
      transport: gatewayTransport(Math.max(0, options.requestTimeoutMs - options.commandTimeoutMs)),
      commandTimeout: options.commandTimeoutMs,
      connectTimeout: options.commandTimeoutMs,
    });
    for (const db of new Set(options.tokens.map((t) => t.db)))
      registry.registerRedis(options.redis, db, `db${db}`);
    return new Backend(await registry.validate());
  }

  /** The pool of database `db`. */
  pool(db: number): RedisPool {
    return this.engine.getRedis(`db${db}`);
  }

  /** Sends one command; bulk strings come back as bytes. */
  run(db: number, argv: Argv): Promise<CallBytesReply> {
    const [name, ...args] = argv;
    return this.pool(db).callBytes(name, ...args);
  }

  /** A pipeline (`atomic: false`) or MULTI/EXEC batch (`atomic: true`) on database `db`. */
  batch(db: number, atomic: boolean): Batch {
    const pool = this.pool(db);
    return atomic ? pool.multi() : pool.pipeline();
  }

  async close(): Promise<void> {
    await this.registry.close();
  }
}

/** Records argv in a batch with its reply kept raw (bulk strings as bytes), like `pool.callBytes`. */
export function recordBytes(batch: Batch, argv: Argv): void {
  const [name, ...args] = argv;
  batch.callBytes(name, ...args);
}

/**
 * The TCP transport, with blocking commands limited to what fits in one request: core refuses a longer block
 * (BLPOP key 0, XREAD BLOCK 60000) with UnsupportedError before anything is sent, so no dedicated connection
 * stays blocked after its request was answered 504.
 */
function gatewayTransport(maxBlockingMs: number): TransportFactory {
  const base = tcp();
  return {
    accepts: base.accepts,
    capabilities: { ...base.capabilities, name: "gateway", maxBlockingMs },
    create: (endpoint) => base.create(endpoint),
  };
}
