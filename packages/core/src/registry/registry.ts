import { type Duration, toPositiveMilliseconds } from "../duration.js";
import { ConfigError, InvalidArgumentError, isBeeRedisError } from "../errors.js";
import { Namespace } from "../namespace/namespace.js";
import { checkNamespace } from "../namespace/validate.js";
import {
  activeHooks,
  type CommandEvent,
  type DecisionEvent,
  type HookListener,
  type Hooks,
  type LockEvent,
} from "../observe/hooks.js";
import { commandObserver } from "../observe/observer.js";
import type { Endpoint, TransportFactory } from "../transport.js";
import { LitePool } from "./lite-pool.js";
import { RedisPool } from "./pool.js";
import { PoolConfig } from "./pool-config.js";
import { PoolRuntime } from "./pool-runtime.js";
import { resolveTopology, type Topology } from "./topology.js";
import { ValidatedRegistry } from "./validated-registry.js";

/** Default time a command may take before it rejects with `TransportError`. */
export const DEFAULT_COMMAND_TIMEOUT = 5000;
/** Default time to establish a connection. */
export const DEFAULT_CONNECT_TIMEOUT = 5000;
/** Redis' default number of databases: a pool's database index must be within 0..15. */
const MAX_DB = 15;
/** setTimeout's longest delay (about 24.8 days): a longer timeout would fire at once. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Options shared by the registry and each pool. Each timeout is at most 2^31−1 ms (about 24.8 days). */
export interface TimeoutOptions {
  /** How long one command may take before it rejects with `TransportError`. @default 5000 (5 s) */
  commandTimeout?: Duration;
  /** How long connecting may take. @default 5000 (5 s) */
  connectTimeout?: Duration;
}

/** Options of the registry. */
export interface RegistryOptions extends TimeoutOptions {
  /** The transport every pool uses unless it names its own, such as `tcp()` or `http()`. */
  transport?: TransportFactory;
}

/** Options of one pool. */
export interface PoolOptions extends TimeoutOptions {
  /** Overrides the registry's transport for this pool. */
  transport?: TransportFactory;
  /** ACL user (TCP). */
  username?: string;
  /** Password (TCP). Never shown by `getAddress()` or in errors. */
  password?: string;
  /** TLS (TCP): `true`, or options passed to the TLS socket. `rediss://` turns it on too. */
  tls?: boolean | Record<string, unknown>;
  /** The HTTP token, overriding the transport's default. It also chooses the database on the gateway. */
  token?: string;
  /** The Sentinels' own password (`requirepass` of redis-sentinel), for `registerRedisSentinel`. */
  sentinelPassword?: string;
  /**
   * Puts every key of the pool in a namespace: key `"user"` is stored as `"app1:user"` (commands, batches,
   * scripts' KEYS, the rate limiter and the locker), and key names in replies come back without it. Channels are
   * not namespaced. No `{` or `}` (they would move Cluster hash slots). See the README's "Namespaces".
   */
  namespace?: string;
}

interface Registration {
  topology: Topology;
  db: number;
  code: string;
  options: PoolOptions;
}

/** Options of {@link Registry.validate}. */
export interface ValidateOptions {
  /** Ping every pool and check its database index against the server. @default false */
  connect?: boolean;
}

/** Where pools are declared: the shared part of {@link Registry} and {@link LiteRegistry}. */
export abstract class BaseRegistry<P extends LitePool> {
  // `#` private: `console.log(registry)` and `JSON.stringify(registry)` must not show passwords or tokens.
  readonly #registrations: Registration[] = [];
  readonly #hooks: Hooks = { command: [], decision: [], lock: [] };

  constructor(private readonly options: RegistryOptions = {}) {}

  /**
   * Calls `listener` after every command (and every batch) of every pool settles, with the pool code, the command
   * name, the time it took and its error, never its arguments. Without a listener, commands are not even timed.
   * Register listeners before `validate()`: its pools get the listeners registered by then. A listener runs
   * synchronously and what it throws is ignored.
   * @example registry.onCommand(({ pool, command, ms, error }) => metrics.observe(pool, command, ms, error));
   */
  onCommand(listener: HookListener<CommandEvent>): this {
    this.#hooks.command.push(listenerFn(listener, "onCommand"));
    return this;
  }

  /** Calls `listener` after every rate-limit decision (`limit`, `peek`, `pool.rateLimit`), never with the key. */
  onDecision(listener: HookListener<DecisionEvent>): this {
    this.#hooks.decision.push(listenerFn(listener, "onDecision"));
    return this;
  }

  /** Calls `listener` after every `locker.obtain()` and `locker.withLock()`, never with the lock's name. */
  onLock(listener: HookListener<LockEvent>): this {
    this.#hooks.lock.push(listenerFn(listener, "onLock"));
    return this;
  }

  /**
   * The query debug logger, for development: prints one line per command with its arguments (cut at 64
   * characters) and its time, like BeeORM's debug mode. Never in production: arguments may be secrets.
   * @param print where lines go. @default console.log
   * @example registry.enableQueryDebug(); // [beeredis][redis][default] SET my-key some-value EX 30 0.41 ms
   */
  enableQueryDebug(print: (line: string) => void = (line) => console.log(line)): this {
    this.#hooks.debug = listenerFn(print, "enableQueryDebug");
    return this;
  }

  /**
   * Declares a pool. Problems are reported by `validate()`, all at once, each naming its pool.
   * @param address `host:port`, `redis://`, `rediss://`, a unix socket path, or `http(s)://` for HTTP.
   * @param db the database index (0..15). On HTTP the token chooses it; see the README.
   * @param code the pool's name. @default "default"
   */
  registerRedis(address: string, db = 0, code = "default", options: PoolOptions = {}): this {
    this.#registrations.push({ topology: { kind: "single", address }, db, code, options: options ?? {} });
    return this;
  }

  /**
   * Declares a pool on a Redis Cluster (database 0 only). The transport must accept `cluster` addresses (`tcp()`).
   * @param nodes seed nodes as `host:port` or `redis(s)://`: any reachable subset; the rest is discovered.
   * @example registry.registerRedisCluster(["10.0.0.1:7000", "10.0.0.2:7000"]);
   */
  registerRedisCluster(nodes: string | readonly string[], code = "default", options: PoolOptions = {}): this {
    const list = addressList(nodes);
    this.#registrations.push({
      topology: { kind: "cluster", nodes: list },
      db: 0,
      code,
      options: options ?? {},
    });
    return this;
  }

  /**
   * Declares a pool on the master of a Sentinel-managed set; the client follows failovers.
   * @param masterName the set's name (`sentinel monitor <name> ...`).
   * @param db the database index (0..15).
   * @param sentinels the Sentinels, as `host:port`.
   * @example registry.registerRedisSentinel("mymaster", 0, ["10.0.0.1:26379", "10.0.0.2:26379"]);
   */
  registerRedisSentinel(
    masterName: string,
    db: number,
    sentinels: string | readonly string[],
    code = "default",
    options: PoolOptions = {},
  ): this {
    const list = addressList(sentinels);
    this.#registrations.push({
      topology: { kind: "sentinel", masterName, sentinels: list },
      db,
      code,
      options: options ?? {},
    });
    return this;
  }

  /** Checks the configuration and, with `{ connect: true }`, every server. Rejects with `ConfigError`. */
  async validate(options: ValidateOptions = {}): Promise<ValidatedRegistry<P>> {
    const problems: string[] = [];
    const runtimes = new Map<string, PoolRuntime>();
    const hooks = activeHooks(this.#hooks);
    for (const registration of this.#registrations) {
      const result = this.resolve(registration, runtimes, hooks);
      if (typeof result === "string") problems.push(`pool "${String(registration.code)}": ${result}`);
      else runtimes.set(registration.code, result);
    }
    if (problems.length > 0)
      throw new ConfigError(`Invalid Redis configuration:\n- ${problems.join("\n- ")}`);
    const validated = new ValidatedRegistry(runtimes, (runtime) => this.createPool(runtime));
    if (options.connect) await validated.checkConnections();
    return validated;
  }

  /** @internal */
  protected abstract createPool(runtime: PoolRuntime): P;

  private resolve(r: Registration, seen: Map<string, PoolRuntime>, hooks?: Hooks): PoolRuntime | string {
    if (typeof r.code !== "string" || r.code === "") return "the pool code must be a non-empty string";
    if (seen.has(r.code)) return "the code is registered twice; each pool needs its own code";
    if (!Number.isInteger(r.db) || r.db < 0 || r.db > MAX_DB)
      return `database ${String(r.db)} is outside 0..${MAX_DB}`;
    const factory = r.options.transport ?? this.options.transport;
    if (factory === undefined) {
      return "no transport: pass { transport: tcp() } (from @beeredis/ioredis) or http() (from @beeredis/upstash)";
    }
    const address = resolveTopology(r.topology, r.db);
    if (typeof address === "string") return address;
    if (!factory.accepts.includes(address.parsed.kind)) {
      return `the ${factory.capabilities.name} transport cannot connect to ${address.parsed.kind} address "${address.display}"`;
    }
    if (address.pathDb !== undefined && address.pathDb !== r.db) {
      return `the URL names database ${address.pathDb} but the pool is registered for database ${r.db}`;
    }
    let endpoint: Endpoint;
    try {
      endpoint = {
        code: r.code,
        address: address.parsed,
        db: r.db,
        commandTimeoutMs: timeoutMs(
          r.options.commandTimeout ?? this.options.commandTimeout ?? DEFAULT_COMMAND_TIMEOUT,
          "commandTimeout",
        ),
        connectTimeoutMs: timeoutMs(
          r.options.connectTimeout ?? this.options.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT,
          "connectTimeout",
        ),
        username: r.options.username ?? address.username,
        password: r.options.password ?? address.password,
        token: r.options.token,
        sentinelPassword: r.options.sentinelPassword,
        tls: r.options.tls ?? ("tls" in address.parsed && address.parsed.tls ? true : undefined),
      };
    } catch (error) {
      if (isBeeRedisError(error)) return error.message;
      throw error;
    }
    const problem = factory.check?.(endpoint);
    if (problem !== undefined) return problem;
    const namespace = r.options.namespace;
    if (namespace !== undefined) {
      const bad = checkNamespace(namespace);
      if (bad !== undefined) return bad;
    }
    return new PoolRuntime(
      new PoolConfig(r.code, r.db, address.display, namespace),
      factory,
      endpoint,
      namespace === undefined ? undefined : new Namespace(namespace, r.code),
      hooks,
      commandObserver(hooks, r.code),
    );
  }
}

/** A list of addresses from a comma-separated string or an array; anything else is empty, which validate() reports. */
function addressList(value: string | readonly string[]): string[] {
  if (typeof value === "string") return value.split(",").map((n) => n.trim());
  return Array.isArray(value) ? [...value] : [];
}

function listenerFn<F>(listener: F, method: string): F {
  if (typeof listener !== "function")
    throw new InvalidArgumentError(`${method} needs a function, got ${typeof listener}.`);
  return listener;
}

function timeoutMs(duration: Duration, name: string): number {
  const ms = toPositiveMilliseconds(duration, name);
  if (ms > MAX_TIMEOUT_MS)
    throw new InvalidArgumentError(`${name} must be at most ${MAX_TIMEOUT_MS} ms, got ${ms} ms.`);
  return ms;
}

/**
 * Where pools are declared. `validate()` checks everything and returns the registry that owns connections.
 * Its engines hand out {@link RedisPool}s: every command as a method.
 * @example
 * const registry = new Registry({ transport: tcp() });
 * registry.registerRedis("localhost:6379", 0);
 * registry.registerRedis("localhost:6379", 3, "test");
 * const engine = (await registry.validate()).createEngine();
 */
export class Registry extends BaseRegistry<RedisPool> {
  /** @internal */
  protected createPool(runtime: PoolRuntime): RedisPool {
    return new RedisPool(runtime);
  }
}

/**
 * A {@link Registry} whose engines hand out {@link LitePool}s: `call()`, batches, scripts, `rateLimit`, the rate
 * limiter and the locker, but no method per command. A bundle that uses it instead of `Registry` carries none of
 * the ~360 command builders: the choice for an edge function that only rate-limits or locks.
 * @example
 * const registry = await new LiteRegistry({ transport: http({ token }) }).registerRedis(url, 0).validate();
 * const allowed = await registry.createEngine().getRedis().rateLimit("login_" + email, Minute, 5);
 */
export class LiteRegistry extends BaseRegistry<LitePool> {
  /** @internal */
  protected createPool(runtime: PoolRuntime): LitePool {
    return new LitePool(runtime);
  }
}
