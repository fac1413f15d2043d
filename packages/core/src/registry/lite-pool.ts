import { LiteBatch } from "../batch/lite-batch.js";
import { blockingMs } from "../commands/blocking.js";
import { callCommand } from "../commands/call.js";
import { type Arg, type Command, command, type Key, recover, type Value } from "../commands/command.js";
import { asCallBytesReply, asCallReply, type CallBytesReply, type CallReply } from "../commands/decode.js";
import { assertAllowed, commandName } from "../commands/forbidden.js";
import type { Duration } from "../duration.js";
import { evalKnown } from "../known-script.js";
import { Locker, type LockerOptions } from "../lock/index.js";
import { RateLimiter, type RateLimiterOptions, rateLimit } from "../rate-limit/index.js";
import { Script } from "../script.js";
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
   * The seed's rate limiter: true while fewer than `limit` calls were allowed in the last `window`.
   * Exact under any concurrency; denied calls do not count. One round trip.
   * @example if (!(await pool.rateLimit("login_attempt_" + email, Minute, 5))) throw new Error("limit exceeded");
   */
  rateLimit(key: string, window: Duration, limit: number): Promise<boolean> {
    return this.guard(() => rateLimit(this, key, window, limit));
  }

  /** A configurable rate limiter (algorithm, cost, peek, reset, local deny cache) on this pool. */
  rateLimiter(options: RateLimiterOptions): RateLimiter {
    return new RateLimiter(this, options);
  }

  /** Distributed locks on this pool. */
  getLocker(options?: LockerOptions): Locker {
    return new Locker(this, options);
  }

  /**
   * Sends one command and decodes its reply.
   * @internal
   */
  execute<T>(cmd: Command<T>): Promise<T> {
    const runtime = this.runtime;
    assertAllowed(cmd.argv);
    const block = blockingMs(cmd.argv);
    const options =
      block === undefined ? runtime.sendOptions : runtime.blockingOptions(block, commandName(cmd.argv[0]));
    const result = runtime.connection().send(cmd.argv, options).then(cmd.decode, runtime.toError);
    return cmd.recover ? result.catch((error: unknown) => recover(cmd, error)) : result;
  }

  /**
   * Sends any command, for modules and newer servers. Strings come back as text.
   * @example await pool.call("OBJECT", "ENCODING", "my-key")
   */
  call(name: string, ...args: Arg[]): Promise<CallReply> {
    return this.guard(() => this.execute(callCommand(name, args, asCallReply)));
  }

  /** Like {@link call}, but bulk strings come back as bytes. */
  callBytes(name: string, ...args: Arg[]): Promise<CallBytesReply> {
    return this.guard(() => this.execute(callCommand(name, args, asCallBytesReply)));
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
   * Pass a {@link Script} constant to hash the source once; a plain string is hashed on every call.
   * @example await pool.script(new Script("return redis.call('GET', KEYS[1])"), ["k"])
   */
  async script(
    lua: Script | string,
    keys: readonly Key[] = [],
    args: readonly Value[] = [],
  ): Promise<CallReply> {
    const script = typeof lua === "string" ? new Script(lua) : lua;
    // Encoded (and checked) as one EVALSHA argv, so a bad argument is named by its place in the command.
    const tail = command(["EVALSHA", "", keys.length, ...keys, ...args], asCallReply).argv.slice(2);
    return evalKnown(this, { lua: script.lua, sha: await script.sha() }, tail, asCallReply);
  }

  /** Turns a synchronous throw (bad argument, forbidden command) into a rejection. */
  protected guard<T>(run: () => Promise<T>): Promise<T> {
    try {
      return run();
    } catch (error) {
      return Promise.reject(error);
    }
  }
}
