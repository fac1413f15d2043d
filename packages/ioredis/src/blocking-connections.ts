import type { RawReply, WireArg } from "@beeredis/core";
import { TransportError } from "@beeredis/core";
import { Redis, type RedisOptions } from "ioredis";
import { toError, toRawReply } from "./replies.js";
import { quit, runBatch } from "./run-batch.js";
import { rawCommand } from "./tick-batcher.js";

/** Idle dedicated connections kept for reuse; more are opened on demand and closed when returned. */
const MAX_IDLE = 4;
/** setTimeout's largest delay (about 24.8 days); a longer deadline is treated as none. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Dedicated connections for blocking commands (BLPOP, XREAD BLOCK, WAIT...), so a long block never stalls the
 * pool's shared connection. Each call borrows a connection for its duration.
 */
export class BlockingConnections {
  private readonly idle: Redis[] = [];
  private readonly busy = new Set<Redis>();
  private closed = false;

  constructor(
    private readonly options: RedisOptions,
    private readonly pool: string,
  ) {}

  send(argv: readonly WireArg[], timeoutMs: number): Promise<RawReply> {
    return this.borrow(timeoutMs, (client) => {
      const command = rawCommand(argv);
      client.sendCommand(command);
      return command.promise.then(toRawReply);
    });
  }

  batch(commands: readonly (readonly WireArg[])[], timeoutMs: number): Promise<RawReply[]> {
    return this.borrow(timeoutMs, (client) => runBatch(client, commands, false, this.pool));
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.idle.splice(0), ...this.busy];
    this.busy.clear();
    await Promise.all(all.map(quit));
  }

  private async borrow<T>(timeoutMs: number, run: (client: Redis) => Promise<T>): Promise<T> {
    const client = this.idle.pop() ?? this.open();
    this.busy.add(client);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let timedOut = false;
    try {
      const work = run(client);
      if (timeoutMs > MAX_TIMER_MS) return await work;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          timedOut = true;
          reject(
            new TransportError(
              `Redis pool "${this.pool}": a blocking command timed out after ${timeoutMs} ms.`,
            ),
          );
        }, timeoutMs);
      });
      work.catch(() => undefined); // settled by the deadline race below; never left unhandled
      return await Promise.race([work, deadline]);
    } catch (error) {
      throw toError(error, this.pool);
    } finally {
      clearTimeout(timer);
      this.busy.delete(client);
      // A timed-out connection may still be blocked server-side: drop it rather than reuse it.
      if (timedOut || this.closed || this.idle.length >= MAX_IDLE || client.status !== "ready")
        client.disconnect();
      else this.idle.push(client);
    }
  }

  private open(): Redis {
    // No command timeout here: the block itself is the expected wait, bounded by the deadline above.
    const client = new Redis({ ...this.options, commandTimeout: undefined });
    client.on("error", () => undefined);
    return client;
  }
}
