import type { RawReply, WireArg } from "@beeredis/core";
import { Command, type Redis } from "ioredis";
import { toError, toRawReply } from "./replies.js";

/** An ioredis Command that keeps Buffer replies. Upper-case names also bypass ioredis' own reply transformers. */
export function rawCommand(argv: readonly WireArg[]): Command {
  const args: (string | Buffer)[] = new Array(argv.length - 1);
  for (let i = 1; i < argv.length; i++) args[i - 1] = toBufferArg(argv[i]!);
  return new Command(argv[0] as string, args, { replyEncoding: null });
}

/** ioredis writes Buffers as bytes but would stringify a plain Uint8Array ("0,1,2"): wrap it, without copying. */
function toBufferArg(arg: WireArg): string | Buffer {
  if (typeof arg === "string" || Buffer.isBuffer(arg)) return arg;
  return Buffer.from(arg.buffer, arg.byteOffset, arg.byteLength);
}

/**
 * Auto-pipelining: commands issued during one event-loop turn leave in one socket write. ioredis' own
 * auto-pipelining cannot be used because it drops the Buffer reply encoding.
 */
export class TickBatcher {
  private queue: Command[] = [];
  private scheduled = false;

  constructor(
    private readonly client: Redis,
    private readonly pool: string,
  ) {}

  send(argv: readonly WireArg[]): Promise<RawReply> {
    const command = rawCommand(argv);
    this.queue.push(command);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
    return command.promise.then(toRawReply, (error) => {
      throw toError(error, this.pool);
    });
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    const queue = this.queue;
    this.queue = [];
    if (queue.length === 1) {
      this.client.sendCommand(queue[0]!);
      return;
    }
    const pipeline = this.client.pipeline();
    for (const command of queue) (pipeline as unknown as Redis).sendCommand(command);
    // Each command settles its own promise; exec's aggregate result is not needed.
    pipeline.exec().catch(() => undefined);
  };
}
