import type { Endpoint, RawReply, WireArg } from "@beeredis/core";
import { ReplyError, TransportError } from "@beeredis/core";
import type { Redis } from "ioredis";
import { poolLabel } from "./pool-label.js";
import { rawCommand } from "./raw-command.js";
import { toError, toRawReply } from "./replies.js";

/** Sends commands as one ioredis pipeline (or MULTI/EXEC) and converts each entry.*/
export async function runBatch(
  client: Redis,
  commands: readonly (readonly WireArg[])[],
  atomic: boolean,
  endpoint: Endpoint,
): Promise<RawReply[]> {
  const pipeline = atomic ? client.multi() : client.pipeline();
  // Pipeline has sendCommand at run time; its public type only lists the generated command methods.
  for (const argv of commands) (pipeline as unknown as Redis).sendCommand(rawCommand(argv));
  let results: [Error | null, unknown][] | null;
  try {
    results = await pipeline.exec();
  } catch (error) {
    throw toError(error, endpoint);
  }
  if (results === null) {
    throw new TransportError(`${poolLabel(endpoint)}: the transaction was aborted.`, {
      reason: "the transaction was aborted",
    });
  }
  return results.map(([error, value]) => (error ? toRawReplyError(error, endpoint) : toRawReply(value)));
}

/** One command's reply as a batch entry: an error reply is the entry, any other failure fails the whole batch. */
export function asBatchEntry(reply: Promise<RawReply>): Promise<RawReply> {
  return reply.then(undefined, keepReplyError);
}

function keepReplyError(error: unknown): RawReply {
  if (error instanceof ReplyError) return error;
  throw error;
}

function toRawReplyError(error: Error, endpoint: Endpoint): RawReply {
  const converted = toError(error, endpoint);
  if (converted instanceof TransportError) throw converted;
  return converted;
}

/** QUIT when connected, so replies in flight arrive; a never-connected client just disconnects.*/
export async function quit(client: Redis): Promise<void> {
  if (client.status === "ready") {
    await client.quit().catch(() => client.disconnect());
  } else {
    client.disconnect();
  }
}
