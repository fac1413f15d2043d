/** @module Opening a subscription: argument checks, the capability check, and message decoding. */
import { optionsObject } from "../commands/args.js";
import { describe, type Key } from "../commands/command.js";
import { text } from "../commands/decode.js";
import { InvalidArgumentError, UnsupportedError } from "../errors.js";
import type { PoolRuntime } from "../registry/pool-runtime.js";
import type { RawPubSubMessage, SubscriptionKind } from "../transport.js";
import {
  DEFAULT_MAX_BUFFERED,
  type PatternMessage,
  type PubSubMessage,
  type SubscribeOptions,
  Subscription,
} from "./subscription.js";

/** What each kind is called in messages, and the pool method that opens it. */
const KINDS: Record<SubscriptionKind, { method: string; what: string }> = {
  channel: { method: "subscribe", what: "channel" },
  pattern: { method: "psubscribe", what: "pattern" },
  shard: { method: "ssubscribe", what: "shard channel" },
};

/** Splits `(...names)` and `(names[], options)` call forms. @internal */
export function subscribeArgs(args: readonly unknown[]): { names: unknown[]; options: SubscribeOptions } {
  if (Array.isArray(args[0])) {
    const options = optionsObject((args[1] ?? undefined) as SubscribeOptions | undefined, "subscribe");
    return { names: args[0] as unknown[], options };
  }
  return { names: [...args], options: {} };
}

/**
 * Opens a subscription of `kind` on the pool's transport.
 * @internal
 */
export function openSubscription(
  runtime: PoolRuntime,
  kind: SubscriptionKind,
  args: readonly unknown[],
): Subscription<PatternMessage<string | Uint8Array> | PubSubMessage<string | Uint8Array>> {
  const { method, what } = KINDS[kind];
  let names: Key[] = [];
  let options: SubscribeOptions = {};
  let problem: unknown;
  try {
    const parsed = subscribeArgs(args);
    options = parsed.options;
    names = checkNames(parsed.names, method, what);
    checkLimit(options.maxBuffered, "maxBuffered");
    checkLimit(options.maxBufferedBytes, "maxBufferedBytes");
  } catch (error) {
    problem = error;
  }
  const bytes = options.bytes === true;
  const decode = (raw: RawPubSubMessage) => {
    const message = bytes ? raw.message : text(raw.message);
    const channel = text(raw.channel);
    return raw.pattern === undefined
      ? { channel, message }
      : { pattern: text(raw.pattern), channel, message };
  };
  return new Subscription(
    (listener) => {
      if (problem !== undefined) throw problem;
      const capabilities = runtime.capabilities;
      const transport = runtime.connection();
      if (!capabilities.pubsub || transport.subscribe === undefined) {
        throw new UnsupportedError(
          `pool.${method}() needs a dedicated pub/sub connection, which the ${capabilities.name} transport cannot carry. Use the TCP transport (@beeredis/ioredis)${kind === "shard" ? "" : " or http() (@beeredis/upstash)"}.`,
        );
      }
      return transport.subscribe(kind, names, listener, runtime.sendOptions).catch(runtime.toError);
    },
    decode,
    {
      messages: options.maxBuffered ?? DEFAULT_MAX_BUFFERED,
      bytes: options.maxBufferedBytes ?? Number.POSITIVE_INFINITY,
    },
  );
}

function checkNames(names: unknown[], method: string, what: string): Key[] {
  if (names.length === 0) throw new InvalidArgumentError(`${method}() needs at least one ${what}.`);
  for (const name of names) {
    if ((typeof name !== "string" || name.length === 0) && !(name instanceof Uint8Array)) {
      throw new InvalidArgumentError(
        `${method}(): every ${what} must be a non-empty string or a Uint8Array, got ${describe(name)}.`,
      );
    }
  }
  return names as Key[];
}

function checkLimit(value: unknown, name: string): void {
  if (value === undefined || value === Number.POSITIVE_INFINITY) return;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidArgumentError(`${name} must be a positive integer or Infinity, got ${describe(value)}.`);
  }
}
