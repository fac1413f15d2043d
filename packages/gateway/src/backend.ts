/**
 * @module The Redis side, on beeredis itself: one registry, one pool per lane and database, each logged in as
 * the ACL user of its lane (acl-users.ts).
 */
import {
  type Batch,
  type CallBytesReply,
  type Engine,
  type PatternMessage,
  type PubSubMessage,
  type RedisPool,
  Registry,
  type Subscription,
  type ValidatedRegistry,
} from "@beeredis/core";
import { tcp } from "@beeredis/ioredis";
import { aclLogin } from "./acl-users.js";
import type { ResolvedOptions } from "./options.js";
import type { Lane } from "./policy/policy.js";
import type { Argv } from "./request.js";

/** The lanes a role's commands run on. */
export const LANES_OF_ROLE = {
  admin: ["admin"],
  tenant: ["tenant", "scripts"],
  "read-only": ["read-only"],
} as const satisfies Record<string, readonly Lane[]>;

/** How long a replaced registry stays open for the requests still using it. */
const RETIRE_AFTER_MS = 5000;

/** Pools per lane and database, over one registry and the TCP transport. */
export class Backend {
  /** Counts renewals, so requests that failed on the same connections renew them once. */
  generation = 0;
  private engine: Engine;
  /** The engine's pools by lane and database, so a command looks its pool up without building its code. */
  private pools: Partial<Record<Lane, RedisPool[]>> = {};
  private renewing: Promise<void> | undefined;
  private readonly retired = new Set<ValidatedRegistry>();

  private constructor(
    private registry: ValidatedRegistry,
    private readonly options: ResolvedOptions,
  ) {
    this.engine = registry.createEngine();
  }

  /** The lanes and databases the configured tokens need. */
  static lanes(options: ResolvedOptions): { lane: Lane; db: number }[] {
    // SSE subscriptions of every token run on one subscriber lane (pub/sub does not depend on the database).
    const seen = new Map<string, { lane: Lane; db: number }>([
      ["subscriber/0", { lane: "subscriber", db: 0 }],
    ]);
    for (const { role, db } of options.tokens) {
      for (const lane of LANES_OF_ROLE[role]) seen.set(`${lane}/${db}`, { lane, db });
    }
    return [...seen.values()];
  }

  /** Registers a pool for every lane and database a token needs. Connects lazily, on the first command. */
  static async open(options: ResolvedOptions): Promise<Backend> {
    return new Backend(await Backend.registry(options), options);
  }

  /** Sends one command on `lane` of database `db`; bulk strings come back as bytes. */
  run(lane: Lane, db: number, argv: Argv): Promise<CallBytesReply> {
    return this.pool(lane, db).callBytes(...argv);
  }

  /** A pipeline (`atomic: false`) or MULTI/EXEC batch (`atomic: true`) on `lane` of database `db`. */
  batch(lane: Lane, db: number, atomic: boolean): Batch {
    const pool = this.pool(lane, db);
    return atomic ? pool.multi() : pool.pipeline();
  }

  /** A subscription of its own connection (subscriber lane) to `names`, exactly as given. */
  subscribe(
    kind: "channel" | "pattern",
    names: readonly string[],
  ): Subscription<PubSubMessage | PatternMessage> {
    const pool = this.pool("subscriber", 0);
    // A stream that cannot keep up is ended rather than holding thousands of messages, or megabytes, in the gateway.
    const options = { maxBuffered: 1000, maxBufferedBytes: this.options.maxStreamBufferBytes };
    return kind === "channel" ? pool.subscribe([...names], options) : pool.psubscribe([...names], options);
  }

  /**
   * Replaces every connection with a new one, which logs in afresh: after the lanes' ACL users were provisioned
   * again, connections whose login failed would otherwise stay refused. Only when `generation` is still the
   * current one, so the requests that failed together renew once; the old connections close a few seconds
   * later, once the requests using them are done.
   */
  renew(generation: number): Promise<void> {
    if (generation !== this.generation) return this.renewing ?? Promise.resolve();
    this.renewing ??= Backend.registry(this.options)
      .then((registry) => {
        this.generation++;
        const old = this.registry;
        this.registry = registry;
        this.engine = registry.createEngine();
        this.pools = {};
        this.retired.add(old);
        setTimeout(() => this.retire(old), RETIRE_AFTER_MS).unref();
      })
      .finally(() => {
        this.renewing = undefined;
      });
    return this.renewing;
  }

  async close(): Promise<void> {
    await Promise.all([this.registry.close(), ...[...this.retired].map((old) => this.retire(old))]);
  }

  private retire(old: ValidatedRegistry): Promise<void> {
    if (!this.retired.delete(old)) return Promise.resolve();
    return old.close().catch(() => undefined);
  }

  private pool(lane: Lane, db: number): RedisPool {
    let ofLane = this.pools[lane];
    if (ofLane === undefined) {
      ofLane = [];
      this.pools[lane] = ofLane;
    }
    let pool = ofLane[db];
    if (pool === undefined) {
      pool = this.engine.getRedis(code(lane, db));
      ofLane[db] = pool;
    }
    return pool;
  }

  private static async registry(options: ResolvedOptions): Promise<ValidatedRegistry> {
    const registry = new Registry({
      // Blocking commands are limited to what fits in one request: core refuses a longer block (BLPOP key 0, XREAD
      // BLOCK 60000) with UnsupportedError before anything is sent, so no dedicated connection stays blocked after
      // its request was answered 504. ioredis' CLIENT SETINFO at connect is left out: the lanes' ACL users may not
      // run it.
      transport: tcp({
        maxBlockingMs: Math.max(0, options.requestTimeoutMs - options.commandTimeoutMs),
        redisOptions: { disableClientInfo: true },
      }),
      commandTimeout: options.commandTimeoutMs,
      connectTimeout: options.commandTimeoutMs,
    });
    for (const { lane, db } of Backend.lanes(options)) {
      registry.registerRedis(options.redis, db, code(lane, db), aclLogin(options.redis, lane, db));
    }
    return registry.validate();
  }
}

/** Records argv in a batch with its reply kept raw (bulk strings as bytes), like `pool.callBytes`. */
export function recordBytes(batch: Batch, argv: Argv): void {
  batch.callBytes(...argv);
}

function code(lane: Lane, db: number): string {
  return `${lane}-db${db}`;
}
