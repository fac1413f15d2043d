import { type Command, recover } from "../commands/command.js";
import { isBeeRedisError, TransportError, UnsupportedError } from "../errors.js";
import { describeFailure } from "../failure-reason.js";
import type { Namespace } from "../namespace/namespace.js";
import { type CommandObserver, type Hooks, now, timed } from "../observe/hooks.js";
import type {
  BatchOptions,
  Capabilities,
  DedicatedConnection,
  Endpoint,
  SendOptions,
  TransportFactory,
} from "../transport.js";
import { Circuit } from "./circuit.js";
import { GuardedTransport } from "./guarded-transport.js";
import type { PoolConfig } from "./pool-config.js";

/**
 * The shared state of one registered pool: its config and its lazily created transport.
 * Owned by the validated registry, so every engine it creates shares the same connections.
 * @internal
 */
export class PoolRuntime {
  readonly capabilities: Capabilities;
  readonly sendOptions: SendOptions;
  readonly atomicOptions: BatchOptions;
  readonly pipelineOptions: BatchOptions;
  // `#` private, like the endpoint: `console.log(pool)` or `JSON.stringify(pool)` must not reach a password.
  readonly #endpoint: Endpoint;
  #transport: GuardedTransport | undefined;
  private closed = false;

  constructor(
    readonly config: PoolConfig,
    private readonly factory: TransportFactory,
    endpoint: Endpoint,
    /** Prefixes every key of the pool (`registerRedis(..., { namespace })`). */
    readonly namespace?: Namespace,
    /** The registry's listeners, for the rate limiter and the locker; `undefined` when there are none. */
    readonly hooks?: Hooks,
    /** Times each command for the registry's command listeners; `undefined` (no cost) when there are none. */
    readonly observer?: CommandObserver,
  ) {
    this.#endpoint = endpoint;
    this.capabilities = factory.capabilitiesFor?.(endpoint) ?? factory.capabilities;
    const timeoutMs = endpoint.commandTimeoutMs;
    this.sendOptions = { timeoutMs };
    this.atomicOptions = { timeoutMs, atomic: true };
    this.pipelineOptions = { timeoutMs, atomic: false };
  }

  /**
   * The pool's transport, created on first use (connections open lazily), behind the pool's circuit: while the
   * server is out of reach, calls reject at once (see circuit.ts).
   */
  connection(): GuardedTransport {
    if (this.#transport !== undefined) return this.#transport;
    if (this.closed) {
      throw new TransportError(
        `Redis pool "${this.config.getCode()}" is closed: its validated registry was closed.`,
        { sent: false, reason: "the pool is closed" },
      );
    }
    const inner = this.factory.create(this.#endpoint);
    const circuit = new Circuit({
      pool: this.config.getCode(),
      address: this.config.getAddress(),
      commandTimeoutMs: this.#endpoint.commandTimeoutMs,
      ping: (timeoutMs) => inner.send(["PING"], { timeoutMs }),
    });
    this.#transport = new GuardedTransport(inner, circuit, this.toError);
    return this.#transport;
  }

  /**
   * The one way a command is sent: builds it with `build(...args)`, sends it on `connection` (a dedicated one) or
   * else on the pool's transport, and decodes its reply. Never throws: a bad argument, a block the transport
   * cannot carry, a closed pool and a failed send all reject, so callers need no guard of their own.
   */
  execute<A extends unknown[], T>(
    build: (...args: A) => Command<T>,
    args: A,
    connection?: DedicatedConnection,
  ): Promise<T> {
    let cmd: Command<T>;
    let result: Promise<T>;
    const observer = this.observer;
    const start = observer === undefined ? 0 : now();
    try {
      cmd = this.prepare(build(...args));
      const options = cmd.blockMs === undefined ? this.sendOptions : this.blockingOptions(cmd);
      result =
        connection === undefined
          ? this.connection().call(cmd.argv, options, cmd.decode)
          : connection.send(cmd.argv, options).then(cmd.decode, this.toError);
    } catch (error) {
      return Promise.reject(error);
    }
    if (cmd.recover !== undefined) result = result.catch((error: unknown) => recover(cmd, error));
    if (observer === undefined) return result;
    return timed(result, start, (ms, error) => observer.command(cmd.argv, ms, error));
  }

  /** `cmd` as the pool sends it: its keys put in the pool's namespace, when it has one. */
  prepare<T>(cmd: Command<T>): Command<T> {
    return this.namespace === undefined ? cmd : this.namespace.apply(cmd);
  }

  /**
   * Send options for `cmd`, which blocks server-side for up to `cmd.blockMs`.
   * @throws UnsupportedError when the transport cannot carry a block that long.
   */
  blockingOptions(cmd: Command<unknown>): SendOptions {
    const blockMs = cmd.blockMs ?? 0;
    const max = this.capabilities.maxBlockingMs;
    if (blockMs > max) {
      const limit = max === 0 ? "cannot carry blocking commands" : `carries blocks of at most ${max} ms`;
      throw new UnsupportedError(
        `${String(cmd.argv[0])} may block for ${blockMs === Number.POSITIVE_INFINITY ? "ever" : `${blockMs} ms`}, but the ${this.capabilities.name} transport ${limit}. Use a shorter timeout, or a transport that carries longer blocks.`,
      );
    }
    return { timeoutMs: blockMs + this.#endpoint.commandTimeoutMs, blocking: true };
  }

  /** Rejections from a transport are beeredis errors; anything else is wrapped as a TransportError. */
  readonly toError = (error: unknown): never => {
    if (isBeeRedisError(error)) throw error;
    const { reason, unreachable, hint } = describeFailure(error);
    throw new TransportError(
      `Redis pool "${this.config.getCode()}" (${this.config.getAddress()}): ${reason}.${hint ? ` ${hint}` : ""}`,
      { cause: error, reason, unreachable },
    );
  };

  async close(): Promise<void> {
    this.closed = true;
    const transport = this.#transport;
    this.#transport = undefined;
    await transport?.close();
  }
}
