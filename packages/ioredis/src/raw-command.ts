/** @module core's argv as ioredis commands: every module that writes to a connection builds them here. */
import type { WireArg } from "@beeredis/core";
import { Command } from "ioredis";

/** An ioredis Command that keeps Buffer replies. Upper-case names also bypass ioredis' own reply transformers. */
export function rawCommand(argv: readonly WireArg[]): Command {
  const args: (string | Buffer)[] = new Array(argv.length - 1);
  for (let i = 1; i < argv.length; i++) args[i - 1] = toBufferArg(argv[i]!);
  return new Command(argv[0] as string, args, { replyEncoding: null });
}

/** ioredis writes Buffers as bytes but would stringify a plain Uint8Array ("0,1,2"): wrap it, without copying. */
export function toBufferArg(arg: WireArg): string | Buffer {
  if (typeof arg === "string" || Buffer.isBuffer(arg)) return arg;
  return Buffer.from(arg.buffer, arg.byteOffset, arg.byteLength);
}
