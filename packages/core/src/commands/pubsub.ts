/**
 * @module Pub/sub commands: PUBLISH, SPUBLISH and PUBSUB introspection. Subscribing takes a connection over, so it
 * is not a command here: use `pool.subscribe()`, `pool.psubscribe()` or `pool.ssubscribe()`.
 */
import type { RawReply } from "../transport.js";
import { command, type Key, type Value } from "./command.js";
import { asCount, asRecordOf, asStrings } from "./decode.js";

/** A flat `channel, count, ...` array as a record (PUBSUB NUMSUB, SHARDNUMSUB). */
const asCounts = (reply: RawReply): Record<string, number> => asRecordOf(reply, asCount);

export const pubsubCommands = {
  /**
   * Sends a message to a channel.
   * @returns how many subscribers received it (on a cluster: on the node that received the command).
   * @see https://redis.io/commands/publish
   */
  publish: (channel: Key, message: Value) => command(["PUBLISH", channel, message], asCount),
  /**
   * Sends a message to a shard channel (Redis 7 sharded pub/sub).
   * @returns how many subscribers received it.
   * @see https://redis.io/commands/spublish
   */
  spublish: (shardChannel: Key, message: Value) => command(["SPUBLISH", shardChannel, message], asCount),
  /**
   * Channels with at least one subscriber (pattern subscriptions not counted), optionally matching a
   * glob-style pattern.
   * @see https://redis.io/commands/pubsub-channels
   */
  pubsubChannels: (pattern?: string) =>
    command(["PUBSUB", "CHANNELS", ...(pattern === undefined ? [] : [pattern])], asStrings),
  /**
   * Subscriber counts of the given channels (pattern subscriptions not counted), as a record
   * `{ channel: count }`. No channel gives `{}`.
   * @example await pool.pubsubNumsub("news", "alerts") // { news: 2, alerts: 0 }
   * @see https://redis.io/commands/pubsub-numsub
   */
  pubsubNumsub: (...channels: Key[]) => command(["PUBSUB", "NUMSUB", ...channels], asCounts),
  /** How many patterns are subscribed to, over all clients. @see https://redis.io/commands/pubsub-numpat */
  pubsubNumpat: () => command(["PUBSUB", "NUMPAT"], asCount),
  /** Shard channels with at least one subscriber, optionally matching a pattern. @see https://redis.io/commands/pubsub-shardchannels */
  pubsubShardchannels: (pattern?: string) =>
    command(["PUBSUB", "SHARDCHANNELS", ...(pattern === undefined ? [] : [pattern])], asStrings),
  /** Subscriber counts of the given shard channels, as a record. @see https://redis.io/commands/pubsub-shardnumsub */
  pubsubShardnumsub: (...shardChannels: Key[]) =>
    command(["PUBSUB", "SHARDNUMSUB", ...shardChannels], asCounts),
  /** The server's help text for PUBSUB, one line per element. @see https://redis.io/commands/pubsub-help */
  pubsubHelp: () => command(["PUBSUB", "HELP"], asStrings),
};
