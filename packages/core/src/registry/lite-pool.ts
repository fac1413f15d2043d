import { LiteBatch } from "../batch/lite-batch.js";
import { callCommand } from "../commands/call.js";
import type { Arg, Command, Key, Value } from "../commands/command.js";
import { asCallBytesReply, asCallReply, type CallBytesReply, type CallReply } from "../commands/decode.js";
import type { Duration } from "../duration.js";
import { InvalidArgumentError } from "../errors.js";
import { Locker, type LockerOptions } from "../lock/index.js";
import { ObservedRateLimiter } from "../observe/observed-limiter.js";
import { ObservedLocker } from "../observe/observed-locker.js";
import {
  type RateLimitCallOptions,
  RateLimiter,
  type RateLimiterOptions,
  rateLimit,
} from "../rate-limit/index.js";
import { runScript, Script } from "../script.js";
import type { Capabilities } from "../transport.js";
import type { PoolConfig } from "./pool-config.js";
import type { PoolRuntime } from "./pool-runtime.js";

/**
 * A Redis data pool without a method per command: `call()`, batches, scripts, the rate limiter and the locker.
 * `LiteRegistry` hands these out so that edge bundles carry none of the command builders; `RedisPool` (from
 * `Registry`) is this plus every command as a method.
 * @example await engine.getRedis().call("SET", "my-key", "some-value", "EX", 30);
 */
export class LitePool {
  /** @internal */
  constructor(protected readonly runtime: PoolRuntime) {}

  /** The pool's code, database and address (no secrets). */
  getPoolConfig(): PoolConfig {
    return this.runtime.config;
  }

  /** What the pool's transport can carry (blocking commands, pub/sub, WATCH, cluster). */
  getCapabilities(): Capabilities {
    return this.runtime.capabilities;
  }

  /**
   * True while fewer than `limit` calls for `key` were allowed in the last `window`, and counts this one: "at most
   * 5 tries in any minute". Exact under any concurrency and across processes; denied calls do not count. One
   * round trip. It is `pool.rateLimiter({ limit, window })` (the sliding log) kept per window and limit, deciding
   * with the log's verdict script, which answers allowed or not and counts nothing.
   * `window` is a string such as `"1m"` or ms (`Minute`); a bare number under 1000 is refused as a likely unit
   * mistake. Rejects with TransportError when Redis is unavailable or gives no decision within `timeout` (1 s).
   * @example if (!(await pool.rateLimit("login_attempt_" + email, Minute, 5))) throw new Error("limit exceeded");
   */
  rateLimit(key: string, window: Duration, limit: number, options?: RateLimitCallOptions): Promise<boolean> {
    return rateLimit(this.runtime, this, key, window, limit, options);
  }

  /**
   * A configurable rate limiter (algorithm, cost, peek, reset, block, refund, waitFor, local deny cache) on this
   * pool. Several limits in one decision: `new MultiRateLimiter(pool, { limits })` here (kept out of the bundle
   * of an app that does not use it), `pool.rateLimiter({ limits })` on a `RedisPool`.
   */
  rateLimiter(options: RateLimiterOptions): RateLimiter {
    const listeners = this.runtime.hooks?.decision;
    return listeners?.length
      ? new ObservedRateLimiter(this, options, listeners)
      : new RateLimiter(this, options);
  }

  /** Distributed locks on this pool. */
  getLocker(options?: LockerOptions): Locker {
    const listeners = this.runtime.hooks?.lock;
    return listeners?.length ? new ObservedLocker(this, options, listeners) : new Locker(this, options);
  }

  /**
   * Builds a command with `build(...args)`, sends it and decodes its reply; never throws (see `PoolRuntime`).
   * @internal
   */
  execute<A extends unknown[], T>(build: (...args: A) => Command<T>, args: A): Promise<T> {
    return this.runtime.execute(build, args);
  }

  /**
   * Sends any command, for modules and newer servers. Strings come back as text.
   * @example await pool.call("OBJECT", "ENCODING", "my-key")
   */
  call(name: string, ...args: Arg[]): Promise<CallReply> {
    return this.runtime.execute(callCommand<CallReply>, [name, args, asCallReply]);
  }

  /** Like {@link call}, but bulk strings come back as bytes. */
  callBytes(name: string, ...args: Arg[]): Promise<CallBytesReply> {
    return this.runtime.execute(callCommand<CallBytesReply>, [name, args, asCallBytesReply]);
  }

  /** A non-atomic batch sent in one round trip by `exec()`. */
  pipeline(): LiteBatch {
    return new LiteBatch(this.runtime, false);
  }

  /** A MULTI/EXEC transaction sent in one round trip by `exec()`; all or nothing. */
  multi(): LiteBatch {
    return new LiteBatch(this.runtime, true);
  }

  /**
   * Runs a Lua script: EVALSHA first, EVAL when the server answers NOSCRIPT. One round trip when cached.
   * Pass a {@link Script} constant to hash the source once (and to decode the reply your way); a plain string is
   * hashed on every call.
   * @example await pool.script(new Script("return redis.call('GET', KEYS[1])"), ["k"])
   */
  script<T>(script: Script<T>, keys?: readonly Key[], args?: readonly Value[]): Promise<T>;
  script(lua: string, keys?: readonly Key[], args?: readonly Value[]): Promise<CallReply>;
  async script(
    lua: Script<unknown> | string,
    keys: readonly Key[] = [],
    args: readonly Value[] = [],
  ): Promise<unknown> {
    if (typeof lua === "string") return runScript(this, new Script(lua), keys, args);
    if (typeof lua?.lua !== "string" || typeof lua.sha !== "function") {
      throw new InvalidArgumentError("script: pass a Script or the Lua source as a string.");
    }
    return runScript(this, lua, keys, args);
  }
}
