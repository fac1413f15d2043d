import type { RawReply, WireArg } from "@beeredis/core";
import { Command, type Redis } from "ioredis";
import type { ConnectionGuard } from "./connection-guard.js";

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
 * Auto-pipelining: commands issued before the current microtask queue drains leave in one socket write.
 * Commands go to ioredis one by one (each keeps its own reply, timeout and Buffer encoding) while the socket is
 * corked, so Node hands them to the kernel in one writev. ioredis' own auto-pipelining cannot be used because
 * it drops the Buffer reply encoding, and a Pipeline object per batch costs more than the write it saves.
 */
export class TickBatcher {
  private queue: Command[] = [];

  constructor(
    private readonly client: Redis,
    private readonly guard: ConnectionGuard,
  ) {}

  send(argv: readonly WireArg[]): Promise<RawReply> {
    const command = rawCommand(argv);
    if (this.queue.push(command) === 1) queueMicrotask(this.flush);
    return this.guard.reply(command);
  }

  private readonly flush = (): void => {
    const queue = this.queue;
    this.queue = [];
    const stream = this.client.stream;
    const corked = queue.length > 1 && this.client.status === "ready" && stream !== undefined;
    if (corked) stream.cork();
    for (const command of queue) this.guard.send(command);
    if (corked) stream.uncork();
  };
}
